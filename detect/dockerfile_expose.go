package detect

import (
	"fmt"
	"strings"

	"github.com/stagecraft/stagecraft/internal/dockerfile"
)

// exposedPort takes the port from an existing Dockerfile's EXPOSE in the
// project folder, the last resort before "unknown".
func exposedPort(s *scan, p *Project) bool {
	file := join(p.Path, "Dockerfile")
	if !s.ix.has(file) {
		return false
	}
	dt, ok := s.ix.readManifest(file)
	if !ok {
		return false
	}
	parsed, err := dockerfile.Parse(dt)
	if err != nil {
		p.warn("%s: cannot parse (%v); its EXPOSE is not used", file, err)
		return false
	}
	for _, child := range parsed.AST.Children {
		if !strings.EqualFold(child.Value, "expose") || child.Next == nil {
			continue
		}
		v := strings.SplitN(child.Next.Value, "/", 2)[0]
		if port, ok := validPort(v); ok {
			p.setPort(port, file, child.StartLine, fmt.Sprintf("EXPOSE %s", child.Next.Value))
			return true
		}
	}
	return false
}
