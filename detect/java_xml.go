package detect

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// xnode is one element of a parsed XML document: enough of a DOM to read
// a pom.xml with line numbers for the evidence.
type xnode struct {
	name string
	text string
	line int
	kids []*xnode
}

const maxXMLDepth = 64

// parseXMLTree parses dt with encoding/xml. A malformed document is a
// *ManifestError naming the file and line.
func parseXMLTree(file string, dt []byte) (*xnode, error) {
	dec := xml.NewDecoder(bytes.NewReader(dt))
	var stack []*xnode
	var root *xnode
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				return nil, &ManifestError{File: file, Line: se.Line, Err: fmt.Errorf("not valid XML: %s", se.Msg)}
			}
			line, _ := dec.InputPos()
			return nil, &ManifestError{File: file, Line: line, Err: fmt.Errorf("not valid XML: %v", err)}
		}
		switch t := tok.(type) {
		case xml.StartElement:
			line, _ := dec.InputPos()
			n := &xnode{name: t.Name.Local, line: line}
			if len(stack) == 0 {
				if root != nil {
					return nil, &ManifestError{File: file, Line: line, Err: errors.New("not valid XML: more than one root element")}
				}
				root = n
			} else {
				parent := stack[len(stack)-1]
				parent.kids = append(parent.kids, n)
			}
			if len(stack) >= maxXMLDepth {
				return nil, &ManifestError{File: file, Line: line, Err: fmt.Errorf("elements nested deeper than %d", maxXMLDepth)}
			}
			stack = append(stack, n)
		case xml.EndElement:
			top := stack[len(stack)-1]
			top.text = strings.TrimSpace(top.text)
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				stack[len(stack)-1].text += string(t)
			}
		}
	}
	if root == nil {
		return nil, &ManifestError{File: file, Err: errors.New("empty: no XML element")}
	}
	return root, nil
}

// child is the first child element called name, or nil. Nil-safe.
func (n *xnode) child(name string) *xnode {
	if n == nil {
		return nil
	}
	for _, k := range n.kids {
		if k.name == name {
			return k
		}
	}
	return nil
}

// at walks a path of child names.
func (n *xnode) at(names ...string) *xnode {
	for _, name := range names {
		n = n.child(name)
	}
	return n
}

// all is every child element called name.
func (n *xnode) all(name string) []*xnode {
	if n == nil {
		return nil
	}
	var out []*xnode
	for _, k := range n.kids {
		if k.name == name {
			out = append(out, k)
		}
	}
	return out
}

// value is the text of the element at path and its line; ok is false
// when the element does not exist.
func (n *xnode) value(names ...string) (string, int, bool) {
	m := n.at(names...)
	if m == nil {
		return "", 0, false
	}
	return m.text, m.line, true
}

// find is the first element called name anywhere below n (depth first).
func (n *xnode) find(name string) *xnode {
	if n == nil {
		return nil
	}
	for _, k := range n.kids {
		if k.name == name {
			return k
		}
		if m := k.find(name); m != nil {
			return m
		}
	}
	return nil
}
