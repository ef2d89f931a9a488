package lint

import (
	"fmt"
	"path"
	"regexp"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
)

// Credential-like names. BuildKit's SecretsUsedInArgOrEnv matches these
// words between underscores (api_key, GITHUB_TOKEN); stagecraft adds a few
// words and camelCase names (npmToken), so it reports everything BuildKit
// does and more.
var (
	secretWords = []string{
		"apikey", "auth", "credential", "credentials", "key", "password", "pword", "passwd", "secret", "token",
		// beyond BuildKit:
		"pat", "pwd", "passphrase", "privatekey", "accesskey", "authtoken", "apitoken", "secretkey",
	}
	secretWord = map[string]bool{}
	// BuildKit's exceptions (NPM_TOKEN_FILE, PUBLIC_KEY, KEY_VERSION).
	allowWord = map[string]bool{"public": true, "file": true, "version": true}
	camelRe   = regexp.MustCompile(`([a-z0-9])([A-Z])`)
)

func init() {
	for _, w := range secretWords {
		secretWord[w] = true
	}
}

// secretName reports a variable name that looks like a credential.
func secretName(name string) bool {
	words := strings.FieldsFunc(strings.ToLower(camelRe.ReplaceAllString(name, "${1}_${2}")), func(r rune) bool { return r == '_' || r == '-' })
	hit := false
	for _, w := range words {
		if allowWord[w] {
			return false
		}
		if secretWord[w] {
			hit = true
		}
	}
	return hit
}

var ruleSecretArgEnv = &Rule{
	ID: "SC108", Name: "secret-in-arg-env", Severity: Warning,
	Summary: "ARG or ENV with a credential-like name",
	Help:    "Build arguments are recorded in the image history and the build cache; ENV values are stored in the image config where anyone who can pull the image reads them with docker inspect. Neither is a place for tokens, passwords or keys. This rule covers every name BuildKit's SecretsUsedInArgOrEnv reports (that finding is folded into this one) plus camelCase names and a few more words (pat, passphrase, privatekey, ...). ENV is reported as an error: the value ships with the image.",
	Fix:     "pass the secret for the one step that needs it: RUN --mount=type=secret,id=<id>,env=<NAME> <command>, built with docker build --secret id=<id>,env=<NAME>",
	check: func(f *file, r *Rule) []Finding {
		var out []Finding
		argFinding := func(a *instructions.ArgCommand) {
			line := lineOf(a.Location())
			for _, kv := range a.Args {
				if secretName(kv.Key) {
					out = append(out, r.at(f, line, f.col(line, kv.Key),
						fmt.Sprintf("ARG %s looks like a credential; build arguments are recorded in the image history and the build cache", kv.Key),
						fmt.Sprintf("drop the ARG and mount the secret where it is used: RUN --mount=type=secret,id=%s,env=%s <command>, built with docker build --secret id=%s,env=%s", strings.ToLower(kv.Key), kv.Key, strings.ToLower(kv.Key), kv.Key)))
				}
			}
		}
		for i := range f.metaArgs {
			argFinding(&f.metaArgs[i])
		}
		for _, s := range f.stages {
			for _, c := range s.st.Commands {
				switch c := c.(type) {
				case *instructions.ArgCommand:
					argFinding(c)
				case *instructions.EnvCommand:
					line := lineOf(c.Location())
					for _, kv := range c.Env {
						if secretName(kv.Key) {
							out = append(out, r.atSev(Error, f.path, line, f.col(line, kv.Key),
								fmt.Sprintf("ENV %s looks like a credential; ENV values are stored in the image config, readable by anyone who can pull the image", kv.Key),
								fmt.Sprintf("remove the ENV and mount the secret where it is used: RUN --mount=type=secret,id=%s,env=%s <command>", strings.ToLower(kv.Key), kv.Key)))
						}
					}
				}
			}
		}
		return out
	},
}

var (
	varRefRe = regexp.MustCompile(`\$\{?([A-Za-z_][A-Za-z0-9_]*)`)
	// What authenticating with a value looks like on a command line.
	authRe = regexp.MustCompile(`(?i)(_authToken|_auth\b|_password|npm\s+login|docker\s+login|--password|--token|-p\s*\$|authorization:|bearer\s|x-access-token|oauth2:|://[^/\s]*\$\{?[A-Za-z_]+\}?@|://\$\{?[A-Za-z_]+\}?(:[^@\s]*)?@|\.netrc|git\s+config\b.*insteadof|curl\b.*\s(-u|--user)\s|pip\b.*--(extra-)?index-url|poetry\s+config\s+http-basic|yarn\s+config\s+set\b.*auth|npm\s+config\s+set\b.*//)`)
)

var ruleSecretArgInRun = &Rule{
	ID: "SC109", Name: "secret-build-arg-in-run", Severity: Error,
	Summary: "A build argument is used to authenticate in RUN",
	Help:    "A RUN that reads a build argument records the value in the image history (docker history shows the ARG values a RUN saw) and in the build cache. A token written into .npmrc, a URL or a login command this way leaks to everyone with the image.",
	Fix:     "mount the credential for this step only: RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci (docker build --secret id=npmrc,src=$HOME/.npmrc)",
	check: func(f *file, r *Rule) []Finding {
		var out []Finding
		global := map[string]bool{}
		for _, a := range f.metaArgs {
			for _, kv := range a.Args {
				global[kv.Key] = true
			}
		}
		for _, s := range f.stages {
			args := map[string]bool{}
			for _, c := range s.st.Commands {
				switch c := c.(type) {
				case *instructions.ArgCommand:
					for _, kv := range c.Args {
						args[kv.Key] = true
					}
				case *instructions.RunCommand:
					line, end := lineOf(c.Location()), endLineOf(c.Location())
					text := strings.Join(c.CmdLine, " ")
					for _, fl := range c.Files {
						text += "\n" + fl.Data
					}
					auth := authRe.MatchString(text)
					seen := map[string]bool{}
					for _, m := range varRefRe.FindAllStringSubmatch(text, -1) {
						name := m[1]
						if !args[name] || seen[name] || (!auth && !secretName(name)) {
							continue
						}
						seen[name] = true
						l, col := f.find(line, end, m[0])
						fix := fmt.Sprintf("drop ARG %s and mount the credential for this step only: RUN --mount=type=secret,id=%s,env=%s ..., built with docker build --secret id=%s,env=%s", name, strings.ToLower(name), name, strings.ToLower(name), name)
						if strings.Contains(text, "npm") || strings.Contains(text, "_authToken") {
							fix = r.Fix
						}
						out = append(out, r.at(f, l, col,
							fmt.Sprintf("RUN uses the build argument %s to authenticate; its value is recorded in the image history and the build cache", name), fix))
					}
				}
			}
		}
		return out
	},
}

var (
	secretFileNames = map[string]bool{
		".npmrc": true, ".netrc": true, "_netrc": true, ".pypirc": true, ".git-credentials": true,
		".dockercfg": true, "credentials.json": true, ".env": true, ".ssh": true, ".aws": true, ".gnupg": true,
		"id_rsa": true, "id_dsa": true, "id_ecdsa": true, "id_ed25519": true,
	}
	secretExts   = []string{".key", ".p12", ".pfx", ".jks", ".keystore"}
	envSamples   = []string{"example", "sample", "template", "dist", "defaults", "test"}
	certPemWords = []string{"cert", "chain", "bundle", "ca.", "ca-", "-ca", "_ca", "root", "public", "pub"}
)

// secretFile reports a path that names a credential file.
func secretFile(p string) bool {
	p = strings.TrimSuffix(p, "/")
	base := strings.ToLower(path.Base(p))
	switch {
	case secretFileNames[base]:
		return true
	case strings.HasPrefix(base, ".env."):
		for _, s := range envSamples {
			if strings.HasSuffix(base, "."+s) {
				return false
			}
		}
		return true
	case strings.HasSuffix(p, ".docker/config.json"):
		return true
	case strings.HasSuffix(base, ".pem"):
		for _, w := range certPemWords {
			if strings.Contains(base, w) {
				return false
			}
		}
		return true
	}
	for _, ext := range secretExts {
		if strings.HasSuffix(base, ext) {
			return true
		}
	}
	return false
}

// secretFileFix says how to use each kind of credentials file without
// copying it.
func secretFileFix(src string) string {
	base := strings.ToLower(path.Base(strings.TrimSuffix(src, "/")))
	switch {
	case base == ".npmrc":
		return "mount it for the install step only: RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci (docker build --secret id=npmrc,src=.npmrc), and add .npmrc to .dockerignore"
	case base == ".netrc" || base == "_netrc":
		return "mount it for the download step only: RUN --mount=type=secret,id=netrc,target=/root/.netrc ... (docker build --secret id=netrc,src=$HOME/.netrc), and add .netrc to .dockerignore"
	case base == ".env" || strings.HasPrefix(base, ".env."):
		return "give the container its settings at run time (docker run --env-file, Kubernetes secrets), and add .env and .env.* to .dockerignore"
	case base == ".ssh" || strings.HasPrefix(base, "id_"):
		return "use the SSH agent for the step that clones: RUN --mount=type=ssh git clone ... (docker build --ssh default), and keep keys out of the context"
	}
	return fmt.Sprintf("mount it only for the step that needs it: RUN --mount=type=secret,id=%s,target=<path> ... (docker build --secret id=%s,src=%s), and exclude it in .dockerignore", secretID(base), secretID(base), src)
}

func secretID(base string) string {
	id := strings.Trim(strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			return r
		}
		return '_'
	}, base), "_")
	if id == "" {
		return "secret"
	}
	return id
}

var ruleSecretFileCopied = &Rule{
	ID: "SC110", Name: "secret-file-copied", Severity: Error,
	Summary: "A credentials file is copied into the image",
	Help:    "COPY .npmrc, .netrc, id_rsa, *.key, *.pem or .env writes the credential into a layer. Deleting it later does not help (the layer keeps it). In the final image anyone who can pull it can read the file (error); in a build stage it still sits in the build cache and any exported cache (warning).",
	Fix:     "mount the file only for the step that needs it: RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci, and exclude it in .dockerignore",
	check: func(f *file, r *Rule) []Finding {
		var out []Finding
		for _, s := range f.stages {
			for _, c := range s.st.Commands {
				cc, ok := asContextCopy(c)
				if !ok {
					continue
				}
				for _, src := range cc.sources {
					if !secretFile(src) {
						continue
					}
					sev, where := Warning, fmt.Sprintf("build stage %s (and the build cache)", s.label())
					if s.inFinal {
						sev, where = Error, "the final image"
					}
					out = append(out, r.atSev(sev, f.path, cc.line, f.col(cc.line, src),
						fmt.Sprintf("%s %s puts a credentials file into %s", cc.verb, src, where), secretFileFix(src)))
				}
			}
		}
		return out
	},
}
