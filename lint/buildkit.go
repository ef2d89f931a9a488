package lint

import (
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"github.com/stagecraft/stagecraft/internal/dockerfile"
)

// BuildKitPrefix starts the id of every BuildKit rule: buildkit/UndefinedVar.
const BuildKitPrefix = "buildkit/"

// buildkitRules describes BuildKit's 22 lint rules, taken from BuildKit's own
// rule set so names, descriptions and links stay in step with the library.
// Fix is stagecraft's one-line advice for each.
var buildkitRules = []Rule{
	bk(linter.RuleStageNameCasing.Name, linter.RuleStageNameCasing.Description, linter.RuleStageNameCasing.URL, false,
		"write the stage name in lower case (FROM golang:1.26 AS build)"),
	bk(linter.RuleFromAsCasing.Name, linter.RuleFromAsCasing.Description, linter.RuleFromAsCasing.URL, false,
		"write AS in the same case as FROM (FROM image AS name)"),
	bk(linter.RuleNoEmptyContinuation.Name, linter.RuleNoEmptyContinuation.Description, linter.RuleNoEmptyContinuation.URL, false,
		"remove the empty line inside the continued instruction (or turn it into a comment)"),
	bk(linter.RuleConsistentInstructionCasing.Name, linter.RuleConsistentInstructionCasing.Description, linter.RuleConsistentInstructionCasing.URL, false,
		"write every instruction in upper case"),
	bk(linter.RuleDuplicateStageName.Name, linter.RuleDuplicateStageName.Description, linter.RuleDuplicateStageName.URL, false,
		"give each stage its own name"),
	bk(linter.RuleReservedStageName.Name, linter.RuleReservedStageName.Description, linter.RuleReservedStageName.URL, false,
		"rename the stage; scratch and context are reserved"),
	bk(linter.RuleJSONArgsRecommended.Name, linter.RuleJSONArgsRecommended.Description, linter.RuleJSONArgsRecommended.URL, false,
		`write it in exec form, as a JSON array: CMD ["program", "arg"] (a shell does not pass signals on)`),
	bk(linter.RuleMaintainerDeprecated.Name, linter.RuleMaintainerDeprecated.Description, linter.RuleMaintainerDeprecated.URL, false,
		`replace MAINTAINER with LABEL org.opencontainers.image.authors="..."`),
	bk(linter.RuleUndefinedArgInFrom.Name, linter.RuleUndefinedArgInFrom.Description, linter.RuleUndefinedArgInFrom.URL, false,
		"declare the ARG (with a default) before the first FROM"),
	bk(linter.RuleWorkdirRelativePath.Name, linter.RuleWorkdirRelativePath.Description, linter.RuleWorkdirRelativePath.URL, false,
		"use an absolute WORKDIR such as /app"),
	bk(linter.RuleUndefinedVar.Name, linter.RuleUndefinedVar.Description, linter.RuleUndefinedVar.URL, false,
		"declare the variable with ARG or ENV before using it, or fix its spelling"),
	bk(linter.RuleMultipleInstructionsDisallowed.Name, linter.RuleMultipleInstructionsDisallowed.Description, linter.RuleMultipleInstructionsDisallowed.URL, false,
		"keep only the last CMD, ENTRYPOINT or HEALTHCHECK of the stage; the earlier ones have no effect"),
	bk(linter.RuleLegacyKeyValueFormat.Name, linter.RuleLegacyKeyValueFormat.Description, linter.RuleLegacyKeyValueFormat.URL, false,
		"write key=value (ENV PORT=8080)"),
	bk(linter.RuleInvalidBaseImagePlatform.Name, linter.RuleInvalidBaseImagePlatform.Description, linter.RuleInvalidBaseImagePlatform.URL, false,
		"use an image published for the target platform, or set FROM --platform to a build argument"),
	bk(linter.RuleRedundantTargetPlatform.Name, linter.RuleRedundantTargetPlatform.Description, linter.RuleRedundantTargetPlatform.URL, false,
		"remove --platform=$TARGETPLATFORM from FROM; it is the default"),
	bk(linter.RuleSecretsUsedInArgOrEnv.Name, linter.RuleSecretsUsedInArgOrEnv.Description, linter.RuleSecretsUsedInArgOrEnv.URL, false,
		"pass the secret with RUN --mount=type=secret,id=NAME and docker build --secret id=NAME,src=FILE"),
	bk(linter.RuleInvalidDefaultArgInFrom.Name, linter.RuleInvalidDefaultArgInFrom.Description, linter.RuleInvalidDefaultArgInFrom.URL, false,
		"give the ARG a default that makes a valid image reference"),
	bk(linter.RuleFromPlatformFlagConstDisallowed.Name, linter.RuleFromPlatformFlagConstDisallowed.Description, linter.RuleFromPlatformFlagConstDisallowed.URL, false,
		"use FROM --platform=$BUILDPLATFORM (or $TARGETPLATFORM) instead of a fixed platform"),
	bk(linter.RuleCopyIgnoredFile.Name, linter.RuleCopyIgnoredFile.Description, linter.RuleCopyIgnoredFile.URL, false,
		"stop excluding the file in .dockerignore (add a !path line), or stop copying it"),
	bk(linter.RuleInvalidDefinitionDescription.Name, linter.RuleInvalidDefinitionDescription.Description, linter.RuleInvalidDefinitionDescription.URL, linter.RuleInvalidDefinitionDescription.Experimental,
		"start the comment above the stage or ARG with its name, or put an empty line between them"),
	bk(linter.RuleExposeProtoCasing.Name, linter.RuleExposeProtoCasing.Description, linter.RuleExposeProtoCasing.URL, false,
		"write the protocol in lower case (EXPOSE 53/udp)"),
	bk(linter.RuleExposeInvalidFormat.Name, linter.RuleExposeInvalidFormat.Description, linter.RuleExposeInvalidFormat.URL, false,
		"EXPOSE only the container port (EXPOSE 8080); publish host ports with docker run -p"),
}

func bk(name, description, url string, experimental bool, fix string) Rule {
	summary := strings.TrimSuffix(strings.SplitN(description, ". ", 2)[0], ".")
	help := description
	if experimental {
		help += " (Experimental in BuildKit: it runs only when the Dockerfile enables it with # check=experimental=" + name + ".)"
	}
	return Rule{
		ID: BuildKitPrefix + name, Name: name, Severity: Warning,
		Summary: summary, Help: help, Fix: fix, URL: url,
	}
}

// buildkitFindings runs BuildKit's own linter (dockerfile2llb.DockerfileLint
// with a stub image resolver, so nothing reaches a registry).
func buildkitFindings(in Input, opts Options) ([]Finding, error) {
	// Always run, even when every BuildKit rule is disabled: a Dockerfile
	// BuildKit cannot convert (COPY --from an unknown stage, ...) is an
	// input error whatever rules are on.
	ws, err := dockerfile.Lint(in.Content)
	if err != nil {
		return nil, parseErr(in.Path, err)
	}
	out := make([]Finding, 0, len(ws))
	for _, w := range ws {
		id := BuildKitPrefix + w.Rule
		if opts.disabled(id) {
			continue
		}
		r, ok := ruleByID(id)
		fix := "see " + w.URL
		if ok {
			fix = r.Fix
		}
		out = append(out, Finding{File: in.Path, Line: w.Line, Column: 1, Rule: id, Severity: Warning, Message: w.Message, Fix: fix})
	}
	return out, nil
}
