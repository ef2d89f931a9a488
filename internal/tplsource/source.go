package tplsource

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

// Kinds of template source.
const (
	KindDir = "dir"
	KindGit = "git"
)

// Kinds of git ref.
const (
	RefTag     = "tag"
	RefBranch  = "branch"
	RefCommit  = "commit"
	RefDefault = "default branch"
)

// Source is a resolved team template source: a local folder holding the
// files, and for git where they came from.
type Source struct {
	// Spec is what the user gave, with any credential removed.
	Spec string `json:"spec"`
	Kind string `json:"kind"`
	// Dir is the folder holding the files: the source itself, or the
	// checkout in the cache.
	Dir string `json:"dir"`
	// Git only: the repository URL (no credentials), the ref asked for,
	// what kind of ref it is, and the commit checked out.
	URL     string `json:"url,omitempty"`
	Ref     string `json:"ref,omitempty"`
	RefKind string `json:"ref_kind,omitempty"`
	Commit  string `json:"commit,omitempty"`
	// Cached is true when the files were taken from the cache without fetching.
	Cached bool `json:"cached,omitempty"`
	// Warnings are for the user (a branch that moves, a stale cache).
	Warnings []string `json:"warnings,omitempty"`
}

// Display names the source for messages.
func (s *Source) Display() string {
	if s.Kind != KindGit {
		return s.Spec
	}
	out := s.URL
	if s.Ref != "" {
		out += "#" + s.Ref
	}
	return out
}

// Options control fetching.
type Options struct {
	// Offline uses the cache only; a source not in it is an error.
	Offline bool
	// CacheDir holds fetched repositories; "" is <user cache dir>/stagecraft/templates.
	CacheDir string
	// Git is the git command; "" is "git" from PATH.
	Git string
	// Timeout bounds each git command; 0 is two minutes.
	Timeout time.Duration
}

// IsGit reports whether spec names a git repository rather than a folder.
func IsGit(spec string) bool {
	lower := strings.ToLower(spec)
	for _, p := range []string{"https://", "http://", "ssh://", "git@", "file://"} {
		if strings.HasPrefix(lower, p) {
			return true
		}
	}
	return false
}

// Resolve turns spec (a folder, or a git URL with an optional #ref) into a
// local folder of template files, fetching git sources into the cache.
func Resolve(ctx context.Context, spec string, o Options) (*Source, error) {
	if strings.ContainsAny(spec, "\r\n\x00") {
		return nil, fmt.Errorf("template source %q: must be one line", Redact(spec))
	}
	if !IsGit(spec) {
		return resolveDir(spec)
	}
	return resolveGit(ctx, spec, o)
}

func resolveDir(spec string) (*Source, error) {
	info, err := os.Stat(spec)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("template source %s: no such folder (give a folder, or a git URL: https://, ssh://, git@, file://)", Redact(spec))
		}
		return nil, fmt.Errorf("template source %s: %w", Redact(spec), err)
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("template source %s is a file; give the folder that holds <stack>/Dockerfile.tmpl", Redact(spec))
	}
	abs, err := filepath.Abs(spec)
	if err != nil {
		return nil, fmt.Errorf("template source %s: %w", Redact(spec), err)
	}
	return &Source{Spec: spec, Kind: KindDir, Dir: abs}, nil
}

// gitRef is a parsed git source: the URL to fetch (with credentials, never
// shown) and the ref.
type gitRef struct {
	raw, display, ref string
}

var (
	refRe    = regexp.MustCompile(`^[A-Za-z0-9._][A-Za-z0-9._/+-]*$`)
	commitRe = regexp.MustCompile(`^([0-9a-f]{40}|[0-9a-f]{64})$`)
	// shortCommitRe is an abbreviated commit id, which a shallow fetch cannot use.
	shortCommitRe = regexp.MustCompile(`^[0-9a-f]{7,39}$`)
)

func parseGit(spec string) (gitRef, error) {
	raw, ref := cutRef(spec)
	g := gitRef{raw: raw, display: Redact(raw), ref: ref}
	if strings.HasPrefix(raw, "http://") {
		return g, fmt.Errorf("template source %s: plain http is not accepted; use https:// or ssh://", g.display)
	}
	if ref != "" && (!refRe.MatchString(ref) || strings.Contains(ref, "..")) {
		return g, fmt.Errorf("template source %s: %q is not a tag, branch or commit name", g.display, ref)
	}
	if strings.HasPrefix(raw, "git@") {
		if !strings.Contains(raw, ":") {
			return g, fmt.Errorf("template source %s: want git@host:path/repo.git", g.display)
		}
		return g, nil
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "file" && u.Host == "") || u.Path == "" {
		return g, fmt.Errorf("template source %s: not a repository URL", g.display)
	}
	return g, nil
}

// cutRef splits "url#ref". The '#' must come after the host: a '#' in
// the user information is part of a password, not a ref.
func cutRef(spec string) (raw, ref string) {
	from := 0
	if _, rest, ok := strings.Cut(spec, "://"); ok {
		authority := len(spec) - len(rest)
		slash := strings.IndexByte(rest, '/')
		if slash < 0 {
			return spec, ""
		}
		from = authority + slash
	}
	i := strings.IndexByte(spec[from:], '#')
	if i < 0 {
		return spec, ""
	}
	return spec[:from+i], spec[from+i+1:]
}

// Redact removes credentials from a URL: the password of an ssh URL (its
// user name is an account, not a secret), all user information of any
// other (https tokens are often sent as the user name).
//
// url.URL.String can print a URL whose path starts with "//" in a form
// that reads back with user information again, so the result is read back
// and redacted again until it is clean; a URL that never comes clean is
// replaced by redactedURL.
func Redact(raw string) string {
	if raw == "" {
		return ""
	}
	out := raw
	for range 4 {
		if !carriesCredentials(out) {
			if out == "" {
				return redactedURL // nothing but credentials
			}
			return out
		}
		out = redactOnce(out)
	}
	if carriesCredentials(out) {
		return redactedURL
	}
	return out
}

// redactedURL stands in for a URL whose credentials could not be cut out.
const redactedURL = "<URL with credentials, redacted>"

func redactOnce(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.User == nil {
		// Cut the user information by hand: url.Parse gave up, or read a
		// '#' or '?' in it as the start of a fragment or query.
		scheme, rest, _ := strings.Cut(raw, "://")
		if at := strings.LastIndex(strings.SplitN(rest, "/", 2)[0], "@"); at >= 0 {
			rest = rest[at+1:]
		}
		return scheme + "://" + rest
	}
	if u.Scheme == "ssh" {
		u.User = url.User(u.User.Username())
	} else {
		u.User = nil
	}
	return u.String()
}

// carriesCredentials reports whether raw, read as a URL or by its
// scheme://authority text, still holds a password, or any user
// information outside ssh.
func carriesCredentials(raw string) bool {
	if u, err := url.Parse(raw); err == nil && u.User != nil {
		if _, has := u.User.Password(); has {
			return true
		}
		if u.Scheme != "ssh" && u.User.Username() != "" {
			return true
		}
	}
	scheme, rest, found := strings.Cut(raw, "://")
	if !found || strings.ContainsAny(scheme, "/?#@") {
		return false
	}
	// The authority ends at the first '/': a password may hold '?' or '#'
	// (url.Parse rejects such a URL, and the text is all there is).
	authority, _, _ := strings.Cut(rest, "/")
	at := strings.LastIndexByte(authority, '@')
	if at < 0 {
		return false
	}
	return strings.Contains(authority[:at], ":") || !strings.EqualFold(scheme, "ssh")
}

// cacheMeta is what the cache remembers about a checkout.
type cacheMeta struct {
	URL     string `json:"url"`
	Ref     string `json:"ref"`
	RefKind string `json:"ref_kind"`
	Commit  string `json:"commit"`
}

// DefaultCacheDir is where fetched template repositories are kept.
func DefaultCacheDir() (string, error) {
	dir, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("no cache folder for git template sources: %w", err)
	}
	return filepath.Join(dir, "stagecraft", "templates"), nil
}

// CacheKey names the cache entry of a URL and ref. Credentials are not
// part of it: the same repository is one entry whoever fetches it.
func CacheKey(rawURL, ref string) string {
	key := Redact(rawURL)
	if key == redactedURL {
		key = rawURL // hashed, never shown; keeps such URLs apart
	}
	sum := sha256.Sum256([]byte(key + "#" + ref))
	return hex.EncodeToString(sum[:12])
}

func resolveGit(ctx context.Context, spec string, o Options) (*Source, error) {
	g, err := parseGit(spec)
	if err != nil {
		return nil, err
	}
	cacheRoot := o.CacheDir
	if cacheRoot == "" {
		if cacheRoot, err = DefaultCacheDir(); err != nil {
			return nil, err
		}
	}
	entry := filepath.Join(cacheRoot, CacheKey(g.raw, g.ref))
	src := &Source{Spec: g.display, Kind: KindGit, URL: g.display, Ref: g.ref, Dir: filepath.Join(entry, "files")}
	if g.ref != "" {
		src.Spec += "#" + g.ref
	}

	meta, cached := readMeta(entry)
	// Tags and commits do not move: a cached checkout is used as it is.
	// Branches are fetched again unless offline.
	if cached && (o.Offline || meta.RefKind == RefTag || meta.RefKind == RefCommit) {
		src.RefKind, src.Commit, src.Cached = meta.RefKind, meta.Commit, true
		src.warnMoving()
		return src, nil
	}
	if o.Offline {
		return nil, fmt.Errorf("templates from %s: not in the cache (%s) and --offline is set; run once without --offline to fetch them", src.Display(), cacheRoot)
	}

	r := runner{git: o.Git, timeout: o.Timeout, secret: g.raw, display: g.display, name: src.Display()}
	if r.git == "" {
		r.git = "git"
	}
	if r.timeout == 0 {
		r.timeout = 2 * time.Minute
	}
	refspec, kind, err := r.classify(ctx, g.ref)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(cacheRoot, 0o755); err != nil {
		return nil, fmt.Errorf("cache for git template sources: %w", err)
	}
	tmp, err := os.MkdirTemp(cacheRoot, ".fetch-*")
	if err != nil {
		return nil, fmt.Errorf("cache for git template sources: %w", err)
	}
	defer os.RemoveAll(tmp)
	work := filepath.Join(tmp, "files")
	if err := os.Mkdir(work, 0o755); err != nil {
		return nil, err
	}
	if _, err := r.run(ctx, work, "init", "-q"); err != nil {
		return nil, err
	}
	if _, err := r.run(ctx, work, "fetch", "-q", "--depth", "1", "--no-tags", "--end-of-options", g.raw, refspec); err != nil {
		return nil, err
	}
	commit, err := r.run(ctx, work, "rev-parse", "--verify", "FETCH_HEAD^{commit}")
	if err != nil {
		return nil, err
	}
	if _, err := r.run(ctx, work, "-c", "advice.detachedHead=false", "checkout", "-q", "--detach", commit); err != nil {
		return nil, err
	}
	if err := os.RemoveAll(filepath.Join(work, ".git")); err != nil {
		return nil, err
	}
	m := cacheMeta{URL: g.display, Ref: g.ref, RefKind: kind, Commit: commit}
	dt, _ := json.MarshalIndent(m, "", "  ")
	if err := os.WriteFile(filepath.Join(tmp, "meta.json"), append(dt, '\n'), 0o644); err != nil {
		return nil, err
	}
	if err := replaceDir(tmp, entry); err != nil {
		return nil, fmt.Errorf("cache for git template sources: %w", err)
	}
	src.RefKind, src.Commit = kind, commit
	src.warnMoving()
	return src, nil
}

func (s *Source) warnMoving() {
	switch s.RefKind {
	case RefBranch:
		s.Warnings = append(s.Warnings, fmt.Sprintf("templates from %s follow branch %s (now at %s); pin a tag or commit (e.g. %s#v1.0.0) so every build renders the same files", s.URL, s.Ref, short(s.Commit), s.URL))
	case RefDefault:
		s.Warnings = append(s.Warnings, fmt.Sprintf("templates from %s follow its default branch (now at %s); pin a tag or commit (e.g. %s#v1.0.0) so every build renders the same files", s.URL, short(s.Commit), s.URL))
	}
}

func short(commit string) string {
	if len(commit) > 12 {
		return commit[:12]
	}
	return commit
}

func readMeta(entry string) (cacheMeta, bool) {
	var m cacheMeta
	dt, err := os.ReadFile(filepath.Join(entry, "meta.json"))
	if err != nil || json.Unmarshal(dt, &m) != nil || m.Commit == "" {
		return m, false
	}
	if info, err := os.Stat(filepath.Join(entry, "files")); err != nil || !info.IsDir() {
		return m, false
	}
	return m, true
}

// replaceDir moves the fetched folder tmp to entry, replacing an older
// checkout; readers see the old one or the new one.
func replaceDir(tmp, entry string) error {
	if err := os.Rename(tmp, entry); err == nil {
		return nil
	}
	old := entry + ".old-" + filepath.Base(tmp)
	if err := os.Rename(entry, old); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	defer os.RemoveAll(old)
	return os.Rename(tmp, entry)
}

// runner runs git for one source, keeping its credentials out of errors.
type runner struct {
	git     string
	timeout time.Duration
	secret  string // the URL as given, possibly with credentials
	display string // the URL without them
	name    string // the source in messages: URL#ref
}

// classify says what to fetch for ref and what kind of ref it is.
func (r runner) classify(ctx context.Context, ref string) (refspec, kind string, err error) {
	switch {
	case ref == "":
		return "HEAD", RefDefault, nil
	case commitRe.MatchString(ref):
		return ref, RefCommit, nil
	case strings.HasPrefix(ref, "refs/tags/"):
		return ref, RefTag, nil
	case strings.HasPrefix(ref, "refs/heads/"):
		return ref, RefBranch, nil
	}
	out, err := r.run(ctx, "", "ls-remote", "--end-of-options", r.secret, "refs/tags/"+ref, "refs/heads/"+ref)
	if err != nil {
		return "", "", err
	}
	var tag, branch bool
	for _, line := range strings.Split(out, "\n") {
		fields := strings.Fields(line)
		if len(fields) != 2 {
			continue
		}
		switch strings.TrimSuffix(fields[1], "^{}") {
		case "refs/tags/" + ref:
			tag = true
		case "refs/heads/" + ref:
			branch = true
		}
	}
	switch {
	case tag:
		return "refs/tags/" + ref, RefTag, nil
	case branch:
		return "refs/heads/" + ref, RefBranch, nil
	case shortCommitRe.MatchString(ref):
		return "", "", fmt.Errorf("templates from %s: %s looks like an abbreviated commit; give the full 40-character commit id (a shallow fetch needs it)", r.name, ref)
	}
	return "", "", fmt.Errorf("templates from %s: no tag or branch named %s", r.name, ref)
}

func (r runner) run(ctx context.Context, dir string, args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, r.timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, r.git, args...)
	cmd.Dir = dir
	// Never wait for a password on a terminal; fail instead.
	cmd.Env = append(os.Environ(), "GIT_TERMINAL_PROMPT=0", "GCM_INTERACTIVE=never")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if err == nil {
		return strings.TrimSpace(stdout.String()), nil
	}
	msg := r.scrub(strings.TrimSpace(stderr.String()))
	if ctx.Err() == context.DeadlineExceeded {
		msg = fmt.Sprintf("timed out after %s", r.timeout)
	}
	var ee *exec.ExitError
	if !errors.As(err, &ee) && msg == "" {
		msg = r.scrub(err.Error())
	}
	if errors.Is(err, exec.ErrNotFound) {
		msg = "the git command is needed for git template sources and was not found"
	}
	return "", fmt.Errorf("fetching templates from %s failed (git %s): %s", r.name, args[0], msg)
}

// minMaskedLen is the shortest credential scrub masks on its own.
const minMaskedLen = 6

// scrub removes the credential-bearing URL (and its user information) from
// git's messages.
func (r runner) scrub(s string) string {
	if r.secret != r.display {
		s = strings.ReplaceAll(s, r.secret, r.display)
		// Alone (outside the URL, which is replaced above) a credential
		// is masked where it cannot be an ordinary word: a short one
		// ("u") would mask every "u" of the message, and git does not
		// print credentials outside URLs anyway.
		if u, err := url.Parse(r.secret); err == nil && u.User != nil {
			if p, ok := u.User.Password(); ok && len(p) >= minMaskedLen {
				s = strings.ReplaceAll(s, p, "***")
			}
			if n := u.User.Username(); len(n) >= minMaskedLen && (u.Scheme == "https" || u.Scheme == "http") {
				s = strings.ReplaceAll(s, n, "***")
			}
		}
	}
	lines := strings.Split(s, "\n")
	var keep []string
	for _, l := range lines {
		l = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(l), "fatal:"))
		if l != "" {
			keep = append(keep, l)
		}
	}
	return strings.Join(keep, "; ")
}
