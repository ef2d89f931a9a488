package dockerfile

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/containerd/platforms"
	"github.com/moby/buildkit/client/llb"
	"github.com/moby/buildkit/client/llb/sourceresolver"
	"github.com/moby/buildkit/frontend/dockerfile/dockerfile2llb"
	"github.com/moby/buildkit/solver/pb"
	digest "github.com/opencontainers/go-digest"
	ocispecs "github.com/opencontainers/image-spec/specs-go/v1"
)

// Warning is one finding of BuildKit's own lint rules.
type Warning struct {
	Rule    string // BuildKit's rule name, e.g. JSONArgsRecommended
	Message string // the rule's detail for this occurrence
	URL     string
	Line    int // 1-based; 0 when BuildKit gave no location
}

func (w Warning) String() string {
	return fmt.Sprintf("line %d: %s: %s", w.Line, w.Rule, w.Message)
}

// Lint runs all of BuildKit's lint rules over dt, as `docker build --check`
// would, without contacting any registry. A Dockerfile BuildKit cannot parse
// or convert is returned as a *ParseError.
func Lint(dt []byte) ([]Warning, error) {
	// DockerfileLint itself panics on some malformed input in older
	// releases; parse first so a broken file is a clear error.
	if _, err := Parse(dt); err != nil {
		return nil, err
	}
	platform := platforms.Normalize(platforms.DefaultSpec())
	opt := dockerfile2llb.ConvertOpt{
		MetaResolver:   stubResolver{},
		SourceMap:      llb.NewSourceMap(nil, "Dockerfile", "Dockerfile", dt),
		TargetPlatform: &platform,
	}
	opt.SourceMap.Definition = &llb.Definition{}
	res, err := dockerfile2llb.DockerfileLint(context.Background(), dt, opt)
	if err != nil {
		return nil, err
	}
	if res.Error != nil {
		line := 0
		if rs := res.Error.Location.Ranges; len(rs) > 0 && rs[0].Start != nil {
			line = int(rs[0].Start.Line)
		}
		return nil, &ParseError{Line: line, Err: fmt.Errorf("%s", strings.TrimSpace(res.Error.Message))}
	}
	out := make([]Warning, 0, len(res.Warnings))
	for _, w := range res.Warnings {
		out = append(out, Warning{Rule: w.RuleName, Message: w.Detail, URL: w.URL, Line: warningLine(w.Location)})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Line < out[j].Line })
	return out, nil
}

func warningLine(loc *pb.Location) int {
	if loc == nil || len(loc.Ranges) == 0 || loc.Ranges[0].Start == nil {
		return 0
	}
	return int(loc.Ranges[0].Start.Line)
}

// baseImageEnv is what the official images set, so UndefinedVar does not
// report a variable a real base image provides.
var baseImageEnv = []string{
	"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
	"GOPATH=/go", "GOLANG_VERSION=1.26", "GOTOOLCHAIN=local",
	"NODE_VERSION=20", "YARN_VERSION=1.22.22",
	"PYTHON_VERSION=3.11", "PYTHON_SHA256=", "LANG=C.UTF-8", "GPG_KEY=",
	"JAVA_HOME=/opt/java/openjdk", "JAVA_VERSION=21", "MAVEN_HOME=/usr/share/maven", "MAVEN_CONFIG=/root/.m2",
	"GRADLE_HOME=/opt/gradle", "GRADLE_VERSION=8",
	"NGINX_VERSION=1", "SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt",
}

// stubResolver answers every image lookup with a plausible config for the
// requested platform, so the linter never reaches for a registry.
type stubResolver struct{}

func (stubResolver) ResolveImageConfig(_ context.Context, ref string, opt sourceresolver.Opt) (string, digest.Digest, []byte, error) {
	p := platforms.DefaultSpec()
	if opt.ImageOpt != nil && opt.ImageOpt.Platform != nil {
		p = *opt.ImageOpt.Platform
	}
	img := ocispecs.Image{
		Platform: ocispecs.Platform{OS: p.OS, Architecture: p.Architecture, Variant: p.Variant},
		Config:   ocispecs.ImageConfig{Env: baseImageEnv},
		// A non-empty layer list: an empty one means scratch to the linter.
		RootFS: ocispecs.RootFS{Type: "layers", DiffIDs: []digest.Digest{digest.FromString(ref)}},
	}
	dt, err := json.Marshal(img)
	if err != nil {
		return "", "", nil, err
	}
	return ref, digest.FromBytes(dt), dt, nil
}
