package generator

import (
	"bytes"
	"io/fs"
	"strconv"
	"strings"
	"text/template/parse"
	"unicode/utf8"
)

// Origin is the template file and line a rendered line came from.
type Origin struct {
	File string
	Line int
}

// Markers wrap an origin id in the traced output. They are private-use
// runes: no template or value legitimately contains them, and a rendering
// that does is detected (the traced output would differ from the real one).
const (
	markOpen  = '\uE000'
	markClose = '\uE001'
)

// tracer rewrites parsed templates so their output carries, before every
// piece of literal text and every action, a marker naming the template
// line it came from.
type tracer struct {
	origins []Origin
}

func (tr *tracer) mark(file, src string, pos parse.Pos) string {
	line := 1 + strings.Count(src[:min(int(pos), len(src))], "\n")
	tr.origins = append(tr.origins, Origin{File: file, Line: line})
	return string(markOpen) + strconv.Itoa(len(tr.origins)-1) + string(markClose)
}

func (tr *tracer) list(l *parse.ListNode, file, src string) {
	if l == nil {
		return
	}
	out := make([]parse.Node, 0, 2*len(l.Nodes))
	for _, n := range l.Nodes {
		switch n := n.(type) {
		case *parse.TextNode:
			n.Text = []byte(tr.text(string(n.Text), file, src, n.Pos))
		case *parse.ActionNode, *parse.TemplateNode:
			out = append(out, &parse.TextNode{NodeType: parse.NodeText, Pos: n.Position(), Text: []byte(tr.mark(file, src, n.Position()))})
		case *parse.IfNode:
			tr.list(n.List, file, src)
			tr.list(n.ElseList, file, src)
		case *parse.RangeNode:
			tr.list(n.List, file, src)
			tr.list(n.ElseList, file, src)
		case *parse.WithNode:
			tr.list(n.List, file, src)
			tr.list(n.ElseList, file, src)
		}
		out = append(out, n)
	}
	l.Nodes = out
}

// text marks the start of a text node and the start of each line in it.
func (tr *tracer) text(t, file, src string, pos parse.Pos) string {
	var b strings.Builder
	b.WriteString(tr.mark(file, src, pos))
	for i := 0; i < len(t); i++ {
		b.WriteByte(t[i])
		if t[i] == '\n' && i+1 < len(t) {
			b.WriteString(tr.mark(file, src, pos+parse.Pos(i+1)))
		}
	}
	return b.String()
}

// renderTraced renders the template file name of stack like Render does and
// says, for each line of the result, which template file and line produced
// it. ok is false when the traced rendering does not match want (the
// rendering Render produced), so the origins cannot be trusted.
func renderTraced(tfs fs.FS, stack, name string, values map[string]any, want []byte) ([]Origin, bool) {
	ts, err := loadTemplates(tfs, stack)
	if err != nil {
		return nil, false
	}
	tr := &tracer{}
	for _, t := range ts.t.Templates() {
		if t.Tree == nil || t.Tree.Root == nil {
			continue
		}
		file := t.Tree.ParseName
		tr.list(t.Tree.Root, DisplayName(tfs, file), ts.sources[file])
	}
	var buf bytes.Buffer
	if err := ts.t.ExecuteTemplate(&buf, name, values); err != nil {
		return nil, false
	}
	lines, origins := tr.decode(buf.String())
	lines, origins = tidyTraced(lines, origins)
	if strings.Join(lines, "\n")+"\n" != string(want) {
		return nil, false
	}
	return origins, true
}

// decode strips the markers from traced output; each line's origin is the
// last marker before its first visible character.
func (tr *tracer) decode(out string) ([]string, []Origin) {
	var lines []string
	var origins []Origin
	var line strings.Builder
	cur := Origin{}
	lineOrigin, seen := Origin{}, false
	for i := 0; i < len(out); {
		r, size := utf8.DecodeRuneInString(out[i:])
		switch {
		case r == markOpen:
			end := strings.IndexRune(out[i:], markClose)
			if end < 0 {
				i += size
				continue
			}
			id, err := strconv.Atoi(out[i+size : i+end])
			if err == nil && id >= 0 && id < len(tr.origins) {
				cur = tr.origins[id]
			}
			i += end + len(string(markClose))
			continue
		case r == '\n':
			if !seen {
				lineOrigin = cur
			}
			lines = append(lines, line.String())
			origins = append(origins, lineOrigin)
			line.Reset()
			seen = false
		default:
			if !seen {
				lineOrigin, seen = cur, true
			}
			line.WriteString(out[i : i+size])
		}
		i += size
	}
	if !seen {
		lineOrigin = cur
	}
	lines = append(lines, line.String())
	origins = append(origins, lineOrigin)
	return lines, origins
}

// tidyTraced is tidy over lines that keep their origins: trailing blanks
// trimmed, runs of blank lines collapsed to one, none at either end.
func tidyTraced(lines []string, origins []Origin) ([]string, []Origin) {
	var outL []string
	var outO []Origin
	blank := false
	for i, l := range lines {
		l = strings.TrimRight(l, " \t")
		if l == "" {
			blank = true
			continue
		}
		if blank && len(outL) > 0 {
			outL = append(outL, "")
			outO = append(outO, Origin{})
		}
		blank = false
		outL = append(outL, l)
		outO = append(outO, origins[i])
	}
	return outL, outO
}

// locate points each problem of a rendered Dockerfile at the template line
// that produced it; where that is not possible, at the template file.
func locate(ve *ValidationError, plan Plan, tfs fs.FS, rendered []byte) {
	name := plan.Stack + "/Dockerfile.tmpl"
	origins, ok := renderTraced(tfs, plan.Stack, name, plan.Values, rendered)
	lines := strings.Split(string(rendered), "\n")
	for i := range ve.Problems {
		p := &ve.Problems[i]
		if p.File != "" && p.File != plan.Dockerfile {
			// a .dockerignore rule (SC119, SC120's ignore side): fix it there
			p.Template = DisplayName(tfs, plan.Stack+"/dockerignore.tmpl")
			continue
		}
		p.Template = DisplayName(tfs, name)
		if p.Line < 1 || p.Line > len(lines) {
			continue
		}
		p.Text = lines[p.Line-1]
		if ok && p.Line <= len(origins) && origins[p.Line-1].File != "" {
			p.Template, p.TemplateLine = origins[p.Line-1].File, origins[p.Line-1].Line
		}
	}
}
