package tplsource

import (
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// gitRepo is a bare repository served with file://, and a clone to push from.
type gitRepo struct {
	t          *testing.T
	bare, work string
}

func (r *gitRepo) url() string { return "file://" + filepath.ToSlash(r.bare) }

func (r *gitRepo) git(dir string, args ...string) string {
	r.t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		r.t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

// commit writes go/Dockerfile.tmpl with content, commits and pushes to main.
func (r *gitRepo) commit(content string) string {
	r.t.Helper()
	os.MkdirAll(filepath.Join(r.work, "go"), 0o755)
	if err := os.WriteFile(filepath.Join(r.work, "go", "Dockerfile.tmpl"), []byte(content), 0o644); err != nil {
		r.t.Fatal(err)
	}
	r.git(r.work, "add", ".")
	r.git(r.work, "commit", "-q", "-m", content)
	r.git(r.work, "push", "-q", "origin", "HEAD:main")
	return r.git(r.work, "rev-parse", "HEAD")
}

func newGitRepo(t *testing.T) *gitRepo {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	// Keep the user's and the system's git configuration out of the test.
	t.Setenv("GIT_CONFIG_GLOBAL", filepath.Join(t.TempDir(), "gitconfig"))
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	t.Setenv("GIT_AUTHOR_NAME", "t")
	t.Setenv("GIT_AUTHOR_EMAIL", "t@example.com")
	t.Setenv("GIT_COMMITTER_NAME", "t")
	t.Setenv("GIT_COMMITTER_EMAIL", "t@example.com")
	root := t.TempDir()
	r := &gitRepo{t: t, bare: filepath.Join(root, "templates.git"), work: filepath.Join(root, "work")}
	r.git(root, "init", "-q", "--bare", "-b", "main", r.bare)
	r.git(root, "init", "-q", "-b", "main", r.work)
	r.git(r.work, "remote", "add", "origin", r.bare)
	return r
}

func readTemplate(t *testing.T, src *Source) string {
	t.Helper()
	dt, err := os.ReadFile(filepath.Join(src.Dir, "go", "Dockerfile.tmpl"))
	if err != nil {
		t.Fatal(err)
	}
	return string(dt)
}

func TestGitTagIsFetchedOnceThenServedFromCache(t *testing.T) {
	r := newGitRepo(t)
	first := r.commit("v1 content")
	r.git(r.work, "tag", "-a", "-m", "release", "v1")
	r.git(r.work, "push", "-q", "origin", "v1")
	r.commit("later content")
	o := Options{CacheDir: t.TempDir()}

	src, err := Resolve(t.Context(), r.url()+"#v1", o)
	if err != nil {
		t.Fatal(err)
	}
	if src.RefKind != RefTag || src.Commit != first || src.Cached || len(src.Warnings) != 0 {
		t.Fatalf("first resolve = %+v, want tag at %s, fetched, no warnings", src, first)
	}
	if got := readTemplate(t, src); got != "v1 content" {
		t.Fatalf("checkout holds %q, want the tagged content", got)
	}
	if _, err := os.Stat(filepath.Join(src.Dir, ".git")); err == nil {
		t.Error("the cached checkout keeps its .git folder")
	}

	// The second run uses the cache: it works with the repository gone.
	if err := os.Rename(r.bare, r.bare+".moved"); err != nil {
		t.Fatal(err)
	}
	again, err := Resolve(t.Context(), r.url()+"#v1", o)
	if err != nil {
		t.Fatalf("second resolve of a cached tag: %v", err)
	}
	if !again.Cached || again.Dir != src.Dir || again.Commit != first {
		t.Fatalf("second resolve = %+v, want the cached checkout", again)
	}
}

func TestGitCommit(t *testing.T) {
	r := newGitRepo(t)
	first := r.commit("first")
	r.commit("second")
	o := Options{CacheDir: t.TempDir()}
	src, err := Resolve(t.Context(), r.url()+"#"+first, o)
	if err != nil {
		t.Fatal(err)
	}
	if src.RefKind != RefCommit || src.Commit != first || len(src.Warnings) != 0 {
		t.Fatalf("resolve = %+v, want commit %s and no warning", src, first)
	}
	if got := readTemplate(t, src); got != "first" {
		t.Fatalf("checkout holds %q, want the first commit's content", got)
	}
	again, err := Resolve(t.Context(), r.url()+"#"+first, o)
	if err != nil || !again.Cached {
		t.Fatalf("second resolve = %+v, %v; want it from the cache", again, err)
	}

	_, err = Resolve(t.Context(), r.url()+"#"+first[:10], o)
	if err == nil || !strings.Contains(err.Error(), "full 40-character commit") {
		t.Errorf("abbreviated commit: %v, want a request for the full id", err)
	}
}

func TestGitBranchWarnsAndFollowsTheBranch(t *testing.T) {
	r := newGitRepo(t)
	first := r.commit("first")
	o := Options{CacheDir: t.TempDir()}
	src, err := Resolve(t.Context(), r.url()+"#main", o)
	if err != nil {
		t.Fatal(err)
	}
	if src.RefKind != RefBranch || src.Commit != first {
		t.Fatalf("resolve = %+v, want branch main at %s", src, first)
	}
	if len(src.Warnings) != 1 || !strings.Contains(src.Warnings[0], "branch main") || !strings.Contains(src.Warnings[0], "pin a tag or commit") {
		t.Fatalf("warnings = %q, want one recommending a tag or commit", src.Warnings)
	}

	// A branch moves: the next run fetches it again.
	second := r.commit("second")
	src, err = Resolve(t.Context(), r.url()+"#main", o)
	if err != nil {
		t.Fatal(err)
	}
	if src.Commit != second || src.Cached || readTemplate(t, src) != "second" {
		t.Fatalf("resolve after a push = %+v (%q), want the new commit", src, readTemplate(t, src))
	}

	// Offline, the cached checkout is used, without fetching.
	r.commit("third")
	src, err = Resolve(t.Context(), r.url()+"#main", Options{CacheDir: o.CacheDir, Offline: true})
	if err != nil {
		t.Fatal(err)
	}
	if src.Commit != second || !src.Cached || len(src.Warnings) != 1 {
		t.Fatalf("offline resolve = %+v, want the cached commit %s with the branch warning", src, second)
	}

	// No ref: the default branch, with the same warning.
	src, err = Resolve(t.Context(), r.url(), o)
	if err != nil {
		t.Fatal(err)
	}
	if src.RefKind != RefDefault || len(src.Warnings) != 1 || !strings.Contains(src.Warnings[0], "default branch") {
		t.Fatalf("resolve without ref = %+v", src)
	}
}

func TestGitOfflineWithoutCache(t *testing.T) {
	r := newGitRepo(t)
	r.commit("x")
	_, err := Resolve(t.Context(), r.url()+"#main", Options{CacheDir: t.TempDir(), Offline: true})
	if err == nil || !strings.Contains(err.Error(), "--offline") || !strings.Contains(err.Error(), r.url()+"#main") {
		t.Fatalf("offline without cache: %v, want an error naming the source and --offline", err)
	}
}

func TestGitFailuresNameTheURLWithoutCredentials(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	o := Options{CacheDir: t.TempDir(), Timeout: 30 * time.Second}
	missing := "file://" + filepath.ToSlash(filepath.Join(t.TempDir(), "nope.git"))
	_, err := Resolve(t.Context(), missing+"#v1", o)
	if err == nil || !strings.Contains(err.Error(), missing) {
		t.Fatalf("missing repository: %v, want an error naming %s", err, missing)
	}

	// Nothing listens on port 1; the credential must not appear anywhere.
	t.Setenv("https_proxy", "")
	t.Setenv("HTTPS_PROXY", "")
	_, err = Resolve(t.Context(), "https://deploy:s3cr3t-token@127.0.0.1:1/team/templates.git#v1", o)
	if err == nil {
		t.Fatal("fetch from a closed port succeeded")
	}
	if strings.Contains(err.Error(), "s3cr3t") || strings.Contains(err.Error(), "deploy") {
		t.Errorf("error leaks the credential: %v", err)
	}
	if !strings.Contains(err.Error(), "https://127.0.0.1:1/team/templates.git") {
		t.Errorf("error does not name the URL: %v", err)
	}
}

func TestGitSpecsRefused(t *testing.T) {
	o := Options{CacheDir: t.TempDir(), Git: "/nonexistent/git-must-not-run"}
	for spec, want := range map[string]string{
		"http://example.com/t.git":                  "plain http",
		"https://example.com/t.git#--upload-pack=x": "not a tag, branch or commit",
		"https://example.com/t.git#a..b":            "not a tag, branch or commit",
		"git@example.com":                           "git@host:path",
		"https://a:b@example.com/t.git#-x":          "https://example.com/t.git",
	} {
		_, err := Resolve(t.Context(), spec, o)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Resolve(%s) = %v, want %q", spec, err, want)
		}
		if err != nil && strings.Contains(err.Error(), "a:b@") {
			t.Errorf("Resolve(%s) leaks credentials: %v", spec, err)
		}
	}
}

func TestRedact(t *testing.T) {
	for in, want := range map[string]string{
		"https://user:token@git.example.com/t.git": "https://git.example.com/t.git",
		"https://ghp_abc@github.com/t.git":         "https://github.com/t.git",
		"ssh://git:pw@host/t.git":                  "ssh://git@host/t.git",
		"ssh://git@host/t.git":                     "ssh://git@host/t.git",
		"git@github.com:acme/t.git":                "git@github.com:acme/t.git",
		"file:///srv/t.git":                        "file:///srv/t.git",
		"./templates":                              "./templates",
		// url.URL.String prints this as "//:0000@", which reads back
		// with the password; redacted again, nothing is left.
		"//:0000@//:0000@": redactedURL,
		// '?' and '#' in user information: url.Parse gives up, the text
		// is cut by hand.
		"https://u:s3cr?t@example.invalid/t.git": "https://example.invalid/t.git",
		"https://u:p#ss@h/x":                     "https://h/x",
		"https://tok#en@h/x":                     "https://h/x",
		"ssh://git:p?w@h/x":                      "ssh://h/x",
		"":                                       "",
	} {
		if got := Redact(in); got != want {
			t.Errorf("Redact(%s) = %s, want %s", in, got, want)
		}
	}
}

// The ref is cut at a '#' after the host: one in a password stays in the
// URL (and is redacted with it).
func TestCutRef(t *testing.T) {
	for spec, want := range map[string][2]string{
		"https://u:p#ss@h/t.git#v1": {"https://u:p#ss@h/t.git", "v1"},
		"https://h/t.git":           {"https://h/t.git", ""},
		"https://tok#en@h":          {"https://tok#en@h", ""},
		"git@h:acme/t.git#v2":       {"git@h:acme/t.git", "v2"},
		"file:///srv/t.git#main":    {"file:///srv/t.git", "main"},
	} {
		raw, ref := cutRef(spec)
		if raw != want[0] || ref != want[1] {
			t.Errorf("cutRef(%q) = %q, %q; want %q, %q", spec, raw, ref, want[0], want[1])
		}
	}
	g, err := parseGit("https://u:s3cr#t@example.invalid/t.git#nope..x")
	if err == nil || strings.Contains(err.Error(), "s3cr") || !strings.Contains(err.Error(), "https://example.invalid/t.git") {
		t.Errorf("parseGit error shows the password or the wrong URL: %v (%+v)", err, g.display)
	}
}

func TestCacheKey(t *testing.T) {
	a := CacheKey("https://git.example.com/t.git", "v1")
	if CacheKey("https://git.example.com/t.git", "v2") == a {
		t.Error("two refs share a cache entry")
	}
	if CacheKey("https://other.example.com/t.git", "v1") == a {
		t.Error("two URLs share a cache entry")
	}
	if CacheKey("https://user:token@git.example.com/t.git", "v1") != a {
		t.Error("credentials change the cache entry")
	}
}

// textAuthorityRe is a URL's scheme and the text up to the first '/'.
var textAuthorityRe = regexp.MustCompile(`^([A-Za-z][A-Za-z0-9+.-]*)://([^/]*)`)

// authorityRe is a URL's scheme and authority (user@host:port).
var authorityRe = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]*://([^/?#]*)`)

// Whatever the URL, its redacted form keeps no password, and an https
// URL no user name either.
func FuzzRedact(f *testing.F) {
	for _, s := range []string{"https://u:p@h/x", "ssh://git:pw@h/x", "https://tok@h/x#v1", "https://[::1", "git@h:x", "https://u:s3cr?t@h/t.git", "https://tok#en@h/x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		out := Redact(raw)
		// Read as text, whatever url.Parse makes of it: what stands
		// between "scheme://" and the first '/' holds no password, and
		// outside ssh no user either.
		if m := textAuthorityRe.FindStringSubmatch(out); m != nil {
			scheme, authority := strings.ToLower(m[1]), m[2]
			if at := strings.LastIndex(authority, "@"); at >= 0 && (scheme != "ssh" || strings.Contains(authority[:at], ":")) {
				t.Fatalf("Redact(%q) = %q keeps user information in %q", raw, out, authority)
			}
		}
		u, err := url.Parse(raw)
		if err != nil || u.User == nil {
			return
		}
		// Read the result as a URL: the password must be gone from its user
		// information. (A substring test misfires when the escaped host
		// happens to contain the password's characters.)
		if pw, had := u.User.Password(); had && pw != "" {
			if ru, err := url.Parse(out); err == nil && ru.User != nil {
				if kept, ok := ru.User.Password(); ok && kept == pw {
					t.Fatalf("Redact(%q) = %q keeps the password", raw, out)
				}
			}
			if m := authorityRe.FindStringSubmatch(out); m != nil {
				if userinfo, _, found := strings.Cut(m[1], "@"); found && strings.Contains(userinfo, ":") {
					t.Fatalf("Redact(%q) = %q keeps a password in %q", raw, out, m[1])
				}
			}
		}
		if u.Scheme == "https" || u.Scheme == "http" {
			// Read the result as a URL: an '@' elsewhere (a fragment, an
			// empty host) is no user.
			if ru, err := url.Parse(out); err == nil && ru.User != nil && ru.User.String() != "" {
				t.Fatalf("Redact(%q) = %q keeps the user %q", raw, out, ru.User)
			}
			if m := authorityRe.FindStringSubmatch(out); m != nil && strings.Contains(m[1], "@") {
				t.Fatalf("Redact(%q) = %q keeps a user in %q", raw, out, m[1])
			}
		}
	})
}

// git's messages lose the credential URL and long credentials, and keep
// their words: a one-letter user name masks nothing.
func TestScrub(t *testing.T) {
	r := runner{secret: "https://u:s3cret-token@git.example.com/t.git", display: "https://git.example.com/t.git"}
	got := r.scrub("fatal: unable to access 'https://u:s3cret-token@git.example.com/t.git/': Couldn't connect; used s3cret-token")
	want := "unable to access 'https://git.example.com/t.git/': Couldn't connect; used ***"
	if got != want {
		t.Errorf("scrub =\n  %s\nwant\n  %s", got, want)
	}
	// Upper-case schemes are git sources too, and never shown with their password.
	if !IsGit("HTTPS://u:p@h/t.git") {
		t.Error("HTTPS:// is not taken for a git source")
	}
}
