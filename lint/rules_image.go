package lint

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
)

// toolchain says what a toolchain image carries and what to run on instead.
type toolchain struct {
	what    string // "the Go toolchain"
	runtime string // the image to run on instead
}

var (
	jdkImages = map[string]bool{
		"openjdk": true, "eclipse-temurin": true, "amazoncorretto": true, "sapmachine": true,
		"ibm-semeru-runtimes": true, "zulu-openjdk": true, "microsoft/openjdk": true, "jdk": true,
	}
	versionPrefix = regexp.MustCompile(`^[0-9]+(\.[0-9]+)*`)
)

// toolchainOf classifies a base image: compilers, SDKs and build tools that
// an application does not need to run.
func toolchainOf(img imageRef) (toolchain, bool) {
	if img.unresolved || img.raw == "" || img.scratch() {
		return toolchain{}, false
	}
	tag := strings.ToLower(img.tag)
	ver := versionPrefix.FindString(tag)
	if ver == "" {
		ver = "<version>"
	}
	slimOrAlpine := strings.Contains(tag, "slim") || strings.Contains(tag, "alpine")
	switch name := img.name; {
	case name == "golang":
		return toolchain{"the Go toolchain", "gcr.io/distroless/static-debian12:nonroot (or scratch) holding only the binary"}, true
	case name == "rust":
		return toolchain{"the Rust toolchain", "gcr.io/distroless/cc-debian12:nonroot or debian:bookworm-slim holding only the binary"}, true
	case name == "gcc" || name == "buildpack-deps":
		return toolchain{"a C/C++ toolchain", "debian:bookworm-slim or gcr.io/distroless/cc-debian12:nonroot"}, true
	case name == "maven" || name == "gradle":
		return toolchain{"a JDK and the " + name + " build tool", "eclipse-temurin:" + javaVersion(tag) + "-jre"}, true
	case (jdkImages[name] || strings.Contains(name, "openjdk")) && !strings.Contains(tag, "jre"):
		return toolchain{"a full JDK (compiler included)", "eclipse-temurin:" + javaVersion(tag) + "-jre"}, true
	case name == "sdk" || strings.HasSuffix(name, "-sdk") || strings.HasSuffix(img.repo, "/sdk"):
		return toolchain{"an SDK", "the matching runtime image (for .NET: mcr.microsoft.com/dotnet/aspnet or mcr.microsoft.com/dotnet/runtime)"}, true
	case name == "node" && !slimOrAlpine:
		return toolchain{"the full Node.js image (gcc, make, python and git included)", "node:" + ver + "-slim"}, true
	case name == "python" && !slimOrAlpine:
		return toolchain{"the full Python image (gcc and C headers included)", "python:" + ver + "-slim"}, true
	case name == "ruby" && !slimOrAlpine:
		return toolchain{"the full Ruby image (gcc and C headers included)", "ruby:" + ver + "-slim"}, true
	}
	return toolchain{}, false
}

// javaVersion is the Java major version in a tag like 3.9-eclipse-temurin-17
// or 17-jdk, or <version>.
func javaVersion(tag string) string {
	for _, part := range strings.Split(tag, "-") {
		if v := versionPrefix.FindString(part); v != "" && v == part && !strings.Contains(v, ".") {
			if n := len(v); n >= 1 && n <= 2 && v != "3" {
				return v
			}
		}
	}
	if v := versionPrefix.FindString(tag); v != "" && !strings.Contains(v, ".") {
		return v
	}
	return "<version>"
}

// fromCol is the column of the base image on a FROM line.
func (f *file) fromCol(s *stage) int {
	return f.col(s.line, s.st.BaseName)
}

var ruleSingleStageToolchain = &Rule{
	ID: "SC101", Name: "single-stage-toolchain", Severity: Warning,
	Summary: "Single-stage build on a toolchain image",
	Help:    "A Dockerfile with one stage ships everything that built the app: compilers, SDKs, package-manager caches and sources. The image is several times larger than it needs to be, and every tool in it is attack surface.",
	Fix:     "split the file: a build stage FROM the toolchain image that compiles or installs, and a runtime stage FROM a slim or distroless image that copies only the result with COPY --from=build",
	check: func(f *file, r *Rule) []Finding {
		if len(f.stages) != 1 {
			return nil
		}
		s := f.stages[0]
		tc, ok := toolchainOf(s.image)
		if !ok {
			return nil
		}
		return []Finding{r.at(f, s.line, f.fromCol(s),
			fmt.Sprintf("single-stage build on %s, which carries %s into the image that runs the app", s.image.raw, tc.what),
			fmt.Sprintf("build in a stage FROM %s AS build, then start a runtime stage FROM %s and COPY --from=build only what the app runs", s.image.raw, tc.runtime))}
	},
}

var ruleFinalToolchain = &Rule{
	ID: "SC102", Name: "final-stage-toolchain", Severity: Warning,
	Summary: "The final stage runs on a toolchain or SDK image",
	Help:    "The last stage is the image that ships. Basing it on a compiler, SDK or build-tool image throws away the point of the multi-stage build: the toolchain ends up in production.",
	Fix:     "base the final stage on a runtime image (slim, distroless, JRE) and copy the artifact into it from the build stage",
	check: func(f *file, r *Rule) []Finding {
		if len(f.stages) < 2 {
			return nil
		}
		s := f.final
		root := s.root()
		tc, ok := toolchainOf(root.image)
		if !ok {
			return nil
		}
		msg := fmt.Sprintf("the final stage runs on %s, which carries %s", root.image.raw, tc.what)
		if root != s {
			msg = fmt.Sprintf("the final stage is built FROM stage %s, which runs on %s and carries %s", s.parent.label(), root.image.raw, tc.what)
		}
		return []Finding{r.at(f, s.line, f.fromCol(s), msg,
			fmt.Sprintf("start the final stage FROM %s and COPY --from the build stage only what the app runs", tc.runtime))}
	},
}

// compiler packages: the exact names, then patterns.
var (
	compilerPackages = map[string]bool{
		"build-essential": true, "gcc": true, "g++": true, "clang": true, "make": true, "cmake": true,
		"autoconf": true, "automake": true, "libtool": true, "golang": true, "golang-go": true, "go": true,
		"maven": true, "gradle": true, "default-jdk": true, "default-jdk-headless": true, "rustc": true,
		"cargo": true, "musl-dev": true, "linux-headers": true, "build-base": true, "alpine-sdk": true,
		"gcc-c++": true, "nodejs-dev": true,
	}
	compilerPackageRe = regexp.MustCompile(`^(gcc-[0-9.]+|g\+\+-[0-9.]+|clang-[0-9.]+|openjdk-[0-9]+-jdk(-headless)?|java-[0-9.]+-openjdk-devel|openjdk[0-9]+(-jdk)?|.+-dev|.+-devel)$`)
)

// packageInstall returns the packages of an apt-get/apt install, apk add,
// yum/dnf/microdnf install command, and the manager; ok is false for any
// other command.
func packageInstall(c command) (manager string, pkgs []string, ok bool) {
	switch {
	case c.is("apt-get", "apt") && c.sub() == "install":
		manager = "apt"
	case c.is("apk") && c.sub() == "add":
		manager = "apk"
	case c.is("yum", "dnf", "microdnf") && c.sub() == "install":
		manager = c.name()
	default:
		return "", nil, false
	}
	ops := c.operands()[1:]
	for i := 0; i < len(ops); i++ {
		p := ops[i]
		// option values: apk add --virtual NAME, apt-get -o Key=Value
		if p == "" || strings.Contains(p, "=") && strings.Contains(p, "::") {
			continue
		}
		p, _, _ = strings.Cut(p, "=")
		p, _, _ = strings.Cut(p, ":")
		pkgs = append(pkgs, p)
	}
	if manager == "apk" {
		if v := c.flagValue("--virtual", "-t"); v != "" {
			pkgs = remove(pkgs, v)
		}
	}
	return manager, pkgs, true
}

// flagValue is the value of a flag written "--flag value" or "--flag=value".
func (c command) flagValue(names ...string) string {
	for i, w := range c.words {
		for _, n := range names {
			if strings.HasPrefix(w, n+"=") {
				return strings.TrimPrefix(w, n+"=")
			}
			if w == n && i+1 < len(c.words) {
				return c.words[i+1]
			}
		}
	}
	return ""
}

func remove(list []string, v string) []string {
	out := list[:0]
	for _, x := range list {
		if x != v {
			out = append(out, x)
		}
	}
	return out
}

// removedPackages are the packages a RUN removes again (apt-get purge,
// apk del, yum remove), including apk --virtual groups.
func removedPackages(r run) map[string]bool {
	out := map[string]bool{}
	for _, c := range r.cmds {
		remove := (c.is("apt-get", "apt") && (c.sub() == "purge" || c.sub() == "remove")) ||
			(c.is("apk") && c.sub() == "del") ||
			(c.is("yum", "dnf", "microdnf") && (c.sub() == "remove" || c.sub() == "erase"))
		if !remove {
			continue
		}
		for _, p := range c.operands()[1:] {
			out[p] = true
		}
	}
	for _, c := range r.cmds {
		if c.is("apk") && c.sub() == "add" {
			if v := c.flagValue("--virtual", "-t"); v != "" && out[v] {
				_, pkgs, _ := packageInstall(c)
				for _, p := range pkgs {
					out[p] = true
				}
			}
		}
	}
	return out
}

func isCompiler(pkg string) bool {
	return compilerPackages[pkg] || compilerPackageRe.MatchString(pkg)
}

var ruleFinalCompilers = &Rule{
	ID: "SC103", Name: "final-stage-compilers", Severity: Warning,
	Summary: "The final image installs compilers or build headers",
	Help:    "Packages such as build-essential, gcc, golang, maven or *-dev headers are needed to build, not to run. In the final image they add hundreds of megabytes and tools an attacker can use.",
	Fix:     "install build tools in a build stage, build there (wheels, native modules, binaries) and COPY --from=build only the results into the final stage",
	check: func(f *file, r *Rule) []Finding {
		var out []Finding
		for _, s := range f.finalStages() {
			if _, ok := toolchainOf(s.root().image); ok {
				continue // SC101/SC102 already say the whole base is a toolchain
			}
			for _, c := range s.st.Commands {
				rc, ok := c.(*instructions.RunCommand)
				if !ok {
					continue
				}
				ru := f.run(rc)
				removed := removedPackages(ru)
				var found []string
				for _, cmd := range ru.cmds {
					_, pkgs, ok := packageInstall(cmd)
					if !ok {
						continue
					}
					for _, p := range pkgs {
						if isCompiler(p) && !removed[p] {
							found = append(found, p)
						}
					}
				}
				if len(found) == 0 {
					continue
				}
				line, col := f.find(ru.line, ru.end, found[0])
				what := "the final image"
				if len(f.stages) > 1 && s != f.final {
					what = fmt.Sprintf("stage %s, which the final image is built FROM,", s.label())
				}
				out = append(out, r.at(f, line, col,
					fmt.Sprintf("%s installs build tools (%s) that the app does not need at run time", what, strings.Join(found, ", ")), ""))
			}
		}
		return out
	},
}

// effectiveUser is the last USER of the final stage's chain, with its line;
// "" when none is set in this Dockerfile.
func (f *file) effectiveUser() (user string, line int) {
	for _, s := range f.final.chain() {
		for i := len(s.st.Commands) - 1; i >= 0; i-- {
			if u, ok := s.st.Commands[i].(*instructions.UserCommand); ok {
				return u.User, lineOf(u.Location())
			}
		}
	}
	return "", 0
}

func isRootUser(u string) bool {
	name, _, _ := strings.Cut(strings.TrimSpace(u), ":")
	return name == "root" || name == "0"
}

// nonrootImage: images whose default user is not root, known by name:
// distroless :nonroot tags, *-unprivileged and *rootless* images (nginx,
// docker), Bitnami's images (uid 1001) and Chainguard's (cgr.dev).
func nonrootImage(img imageRef) bool {
	tag := strings.ToLower(img.tag)
	return strings.Contains(tag, "nonroot") || strings.Contains(tag, "rootless") ||
		strings.Contains(img.name, "unprivileged") || strings.Contains(img.name, "rootless") ||
		strings.HasPrefix(img.repo, "bitnami/") || img.host == "cgr.dev"
}

var ruleRootUser = &Rule{
	ID: "SC111", Name: "root-user", Severity: Warning,
	Summary: "The final stage runs as root",
	Help:    "Without a USER the container runs as root (uid 0). A process that is broken into then owns the container, and Kubernetes' runAsNonRoot refuses it. USER does not carry over between stages: a USER in the build stage does nothing for the final image.",
	Fix:     "add a numeric non-root USER to the final stage (USER 65532:65532), creating the user first if the base image has none, or use a :nonroot base image",
	check: func(f *file, r *Rule) []Finding {
		if f.final == nil {
			return nil
		}
		user, line := f.effectiveUser()
		if strings.Contains(user, "$") {
			return nil
		}
		if user != "" {
			if !isRootUser(user) {
				return nil
			}
			return []Finding{r.at(f, line, f.col(line, user),
				fmt.Sprintf("USER %s: the final stage runs as root", user), "")}
		}
		root := f.final.root()
		if nonrootImage(root.image) {
			return nil
		}
		msg := "the final stage sets no USER, so the container runs as root"
		for _, s := range f.stages {
			if s.inFinal {
				continue
			}
			for _, c := range s.st.Commands {
				if u, ok := c.(*instructions.UserCommand); ok && !isRootUser(u.User) {
					msg = fmt.Sprintf("%s (USER %s at line %d is in stage %s and does not carry over to the final stage)", msg, u.User, lineOf(u.Location()), s.label())
					break
				}
			}
		}
		fix := r.Fix
		switch {
		case root.image.name == "node":
			fix = "add USER node (uid 1000, which the node image creates) before CMD"
		case strings.Contains(root.image.repo, "distroless"):
			fix = "use the :nonroot variant of the distroless image, or add USER 65532:65532"
		case root.image.scratch():
			fix = "add USER 65532:65532 (a numeric uid needs no /etc/passwd entry in scratch)"
		}
		return []Finding{r.at(f, f.final.line, 1, msg, fix)}
	},
}

var ruleUnpinnedBase = &Rule{
	ID: "SC112", Name: "unpinned-base-image", Severity: Warning,
	Summary: "Base image not pinned: latest or no tag",
	Help:    "FROM node or FROM node:latest builds on whatever the tag points to on the day of the build: a new major version can arrive unannounced, and two builds of the same commit differ.",
	Fix:     "pin a version tag (FROM node:20.18-slim); Dependabot and Renovate keep pinned tags up to date",
	check: func(f *file, r *Rule) []Finding {
		var out []Finding
		for _, s := range f.stages {
			img := s.image
			if s.parent != nil || img.unresolved || img.scratch() || img.digest != "" {
				continue
			}
			var msg string
			switch {
			case img.tag == "":
				msg = fmt.Sprintf("FROM %s has no tag, so it means %s:latest, whatever that is on the day of the build", img.raw, img.raw)
			case floatingTags[strings.ToLower(img.tag)]:
				msg = fmt.Sprintf("FROM %s uses the moving tag %q", img.raw, img.tag)
			default:
				continue
			}
			bare := strings.TrimSuffix(img.raw, ":"+img.tag)
			fix := fmt.Sprintf("pin a version tag: FROM %s:<version> (Dependabot and Renovate keep pinned tags up to date)", bare)
			if strings.Contains(img.repo, "distroless") {
				fix = fmt.Sprintf("distroless images have no version tags: pin the digest, FROM %s:nonroot@sha256:<digest>", bare)
			}
			out = append(out, r.at(f, s.line, f.fromCol(s), msg, fix))
		}
		return out
	},
}

var ruleDigestPin = &Rule{
	ID: "SC113", Name: "base-image-digest", Severity: Info,
	Summary: "Base image pinned by tag, not by digest",
	Help:    "A tag can be moved to another image; a digest cannot. Pinning FROM image:tag@sha256:... makes the build reproducible and stops a re-tagged image from slipping in. Renovate and Dependabot update digests too.",
	Fix:     "add the digest: FROM image:tag@sha256:<digest> (docker buildx imagetools inspect image:tag prints it)",
	check: func(f *file, r *Rule) []Finding {
		var out []Finding
		for _, s := range f.stages {
			img := s.image
			if s.parent != nil || img.unresolved || img.scratch() || img.digest != "" || img.tag == "" || floatingTags[strings.ToLower(img.tag)] {
				continue
			}
			out = append(out, r.at(f, s.line, f.fromCol(s),
				fmt.Sprintf("FROM %s is pinned by tag only; the tag can be moved to another image", img.raw),
				fmt.Sprintf("pin the digest too: FROM %s@sha256:<digest> (docker buildx imagetools inspect %s prints it)", img.raw, img.raw)))
		}
		return out
	},
}
