package lint_test

import (
	"strings"
	"testing"

	"github.com/stagecraft/stagecraft/lint"
)

// goodIgnore is a .dockerignore that satisfies SC118/SC119, so each case
// below is about its own rule only.
const goodIgnore = ".git\nnode_modules\n.env\n.env.*\n*.pem\n*.key\nid_rsa*\nid_ed25519*\n"

// ruleCase is one rule's trigger and near misses.
type ruleCase struct {
	rule    string
	name    string // what the case shows
	trigger string // a Dockerfile that must trigger rule ...
	line    int    // ... at this line
	sev     lint.Severity
	// ignore is the .dockerignore of the trigger and near misses; "" means
	// goodIgnore, "-" means none.
	ignore    string
	nearMiss  []string // Dockerfiles that must not trigger the rule
	nmIgnore  string   // .dockerignore of the near misses, as ignore
	noContext bool     // lint without a build context
}

var ruleCases = []ruleCase{
	{
		rule: "SC101", name: "single stage on golang", sev: lint.Warning, line: 1,
		trigger: "FROM golang:1.23\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nUSER 1000\nCMD [\"/app\"]\n",
		nearMiss: []string{
			"FROM node:20-slim\nWORKDIR /app\nCOPY server.js .\nUSER node\nCMD [\"node\", \"server.js\"]\n",
			"FROM golang:1.23 AS build\nRUN go version\nFROM debian:bookworm-slim\nUSER 1000\nCMD [\"true\"]\n",
		},
	},
	{
		rule: "SC101", name: "single stage on full python", sev: lint.Warning, line: 1,
		trigger:  "FROM python:3.11\nCOPY app.py .\nUSER 1000\nCMD [\"python\", \"app.py\"]\n",
		nearMiss: []string{"FROM python:3.11-slim\nCOPY app.py .\nUSER 1000\nCMD [\"python\", \"app.py\"]\n"},
	},
	{
		rule: "SC102", name: "JDK at run time", sev: lint.Warning, line: 3,
		trigger:  "FROM maven:3.9-eclipse-temurin-17 AS build\nRUN mvn -v\nFROM eclipse-temurin:17-jdk AS runtime\nCOPY --from=build /x.jar /app.jar\nUSER 10001\nENTRYPOINT [\"java\", \"-jar\", \"/app.jar\"]\n",
		nearMiss: []string{"FROM maven:3.9-eclipse-temurin-17 AS build\nRUN mvn -v\nFROM eclipse-temurin:17-jre AS runtime\nCOPY --from=build /x.jar /app.jar\nUSER 10001\nENTRYPOINT [\"java\", \"-jar\", \"/app.jar\"]\n"},
	},
	{
		rule: "SC102", name: "final stage FROM the build stage", sev: lint.Warning, line: 3,
		trigger: "FROM golang:1.23 AS build\nRUN go build -o /app .\nFROM build AS runtime\nUSER 1000\nCMD [\"/app\"]\n",
	},
	{
		rule: "SC103", name: "compilers in the final stage", sev: lint.Warning, line: 2,
		trigger: "FROM python:3.11-slim AS runtime\nRUN apt-get update && apt-get install -y --no-install-recommends gcc libpq-dev && rm -rf /var/lib/apt/lists/*\nUSER 1000\nCMD [\"python\"]\n",
		nearMiss: []string{
			// compilers only in the build stage
			"FROM python:3.11-slim AS build\nRUN apt-get update && apt-get install -y --no-install-recommends gcc && rm -rf /var/lib/apt/lists/*\nFROM python:3.11-slim AS runtime\nUSER 1000\nCMD [\"python\"]\n",
			// installed and purged in the same RUN
			"FROM python:3.11-slim AS runtime\nRUN apt-get update && apt-get install -y gcc && pip install --no-cache-dir uwsgi && apt-get purge -y gcc && rm -rf /var/lib/apt/lists/*\nUSER 1000\nCMD [\"uwsgi\"]\n",
			// apk --virtual group deleted in the same RUN
			"FROM alpine:3.20 AS runtime\nRUN apk add --no-cache --virtual .build-deps gcc musl-dev && echo build && apk del .build-deps\nUSER 1000\nCMD [\"true\"]\n",
		},
	},
	{
		rule: "SC104", name: "final stage copies the context", sev: lint.Warning, line: 5,
		trigger: "FROM golang:1.23 AS build\nCOPY . .\nRUN go build -o /app .\nFROM alpine:3.20 AS runtime\nCOPY . .\nCOPY --from=build /app /app\nUSER 1000\nCMD [\"/app\"]\n",
		nearMiss: []string{
			// COPY . . in the build stage only
			"FROM golang:1.23 AS build\nCOPY . .\nRUN go build -o /app .\nFROM alpine:3.20 AS runtime\nCOPY --from=build /app /app\nUSER 1000\nCMD [\"/app\"]\n",
			// no stage built from the context: an interpreted app with a venv from the builder
			"FROM python:3.12-slim AS deps\nCOPY requirements.txt .\nRUN pip install --no-cache-dir --prefix /deps -r requirements.txt\nFROM python:3.12-slim AS runtime\nCOPY --from=deps /deps /usr/local\nCOPY . /app\nUSER 1000\nCMD [\"python\", \"/app/main.py\"]\n",
		},
	},
	{
		rule: "SC104", name: "an interpreter runtime is info", sev: lint.Info, line: 5,
		trigger: "FROM node:20-slim AS build\nCOPY . .\nRUN npm ci && npm run build:client\nFROM node:20-slim AS runtime\nCOPY . .\nCOPY --from=build /dist ./public\nUSER node\nCMD [\"node\", \"server.js\"]\n",
	},
	{
		rule: "SC105", name: "npm ci after COPY . .", sev: lint.Warning, line: 4,
		trigger: "FROM node:20-slim AS build\nWORKDIR /app\nCOPY . .\nRUN npm ci\nRUN npm run build\nFROM node:20-slim\nCOPY --from=build /app/dist /dist\nUSER node\nCMD [\"node\", \"/dist/i.js\"]\n",
		nearMiss: []string{
			"FROM node:20-slim AS build\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\nRUN npm run build\nFROM node:20-slim\nCOPY --from=build /app/dist /dist\nUSER node\nCMD [\"node\", \"/dist/i.js\"]\n",
			// uv: dependencies first, then the project after the sources
			"FROM python:3.12-slim AS build\nRUN --mount=type=bind,source=uv.lock,target=uv.lock uv sync --frozen --no-install-project\nCOPY . .\nRUN uv sync --frozen\nFROM python:3.12-slim\nUSER 1000\nCMD [\"python\"]\n",
		},
	},
	{
		rule: "SC105", name: "go mod download after COPY . .", sev: lint.Warning, line: 3,
		trigger: "FROM golang:1.23 AS build\nCOPY . .\nRUN go mod download && go build -o /app .\nFROM scratch\nCOPY --from=build /app /app\nUSER 1000\nCMD [\"/app\"]\n",
	},
	{
		rule: "SC106", name: "rm -rf in a later RUN", sev: lint.Warning, line: 3,
		trigger: "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl\nRUN rm -rf /var/lib/apt/lists/*\nUSER 1000\nCMD [\"curl\"]\n",
		nearMiss: []string{
			// the rm in the same RUN as the install
			"FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\nUSER 1000\nCMD [\"curl\"]\n",
			// clean-up in a build stage does not ship
			"FROM debian:bookworm-slim AS build\nRUN apt-get update\nRUN rm -rf /var/lib/apt/lists/*\nFROM debian:bookworm-slim\nUSER 1000\nCMD [\"true\"]\n",
		},
	},
	{
		rule: "SC106", name: "chown -R after COPY", sev: lint.Warning, line: 3,
		trigger:  "FROM debian:bookworm-slim\nCOPY app /app\nRUN chown -R 1000:1000 /app\nUSER 1000\nCMD [\"/app/run\"]\n",
		nearMiss: []string{"FROM debian:bookworm-slim\nCOPY --chown=1000:1000 app /app\nRUN mkdir -p /data && chown -R 1000:1000 /data\nUSER 1000\nCMD [\"/app/run\"]\n"},
	},
	{
		rule: "SC107", name: "apt lists left", sev: lint.Warning, line: 2,
		trigger: "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends ca-certificates\nUSER 1000\nCMD [\"true\"]\n",
		nearMiss: []string{
			"FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends ca-certificates && rm -rf /var/lib/apt/lists/*\nUSER 1000\nCMD [\"true\"]\n",
			"FROM debian:bookworm-slim\nRUN --mount=type=cache,target=/var/cache/apt,sharing=locked --mount=type=cache,target=/var/lib/apt,sharing=locked apt-get update && apt-get install -y ca-certificates\nUSER 1000\nCMD [\"true\"]\n",
		},
	},
	{
		rule: "SC107", name: "pip cache left", sev: lint.Warning, line: 2,
		trigger: "FROM python:3.12-slim\nRUN pip install flask\nUSER 1000\nCMD [\"flask\"]\n",
		nearMiss: []string{
			"FROM python:3.12-slim\nRUN pip install --no-cache-dir flask\nUSER 1000\nCMD [\"flask\"]\n",
			"FROM python:3.12-slim\nENV PIP_NO_CACHE_DIR=1\nRUN python -m pip install flask\nUSER 1000\nCMD [\"flask\"]\n",
			"FROM python:3.12-slim AS build\nRUN pip install flask\nFROM python:3.12-slim\nUSER 1000\nCMD [\"python\"]\n",
		},
	},
	{
		rule: "SC107", name: "apk cache left", sev: lint.Warning, line: 2,
		trigger:  "FROM alpine:3.20\nRUN apk add curl\nUSER 1000\nCMD [\"curl\"]\n",
		nearMiss: []string{"FROM alpine:3.20\nRUN apk add --no-cache curl\nUSER 1000\nCMD [\"curl\"]\n"},
	},
	{
		rule: "SC108", name: "credential ARG", sev: lint.Warning, line: 2,
		trigger: "FROM alpine:3.20\nARG GITHUB_TOKEN\nUSER 1000\nCMD [\"true\"]\n",
		nearMiss: []string{
			"FROM alpine:3.20\nARG NODE_VERSION=20\nARG GITHUB_TOKEN_FILE=/run/secrets/t\nARG PUBLIC_KEY_URL\nUSER 1000\nCMD [\"true\"]\n",
			"FROM alpine:3.20\nRUN --mount=type=secret,id=github_token,env=GITHUB_TOKEN true\nUSER 1000\nCMD [\"true\"]\n",
		},
	},
	{
		rule: "SC108", name: "credential ENV is an error", sev: lint.Error, line: 2,
		trigger: "FROM alpine:3.20\nENV dbPassword=hunter2\nUSER 1000\nCMD [\"true\"]\n",
	},
	{
		rule: "SC109", name: "npm token from a build arg", sev: lint.Error, line: 3,
		trigger: "FROM node:20-slim\nARG NPM_TOKEN\nRUN npm config set //npm.example.com/:_authToken=$NPM_TOKEN && npm ci --omit=dev && npm cache clean --force\nUSER node\nCMD [\"node\", \"i.js\"]\n",
		nearMiss: []string{
			"FROM node:20-slim\nRUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci --omit=dev && npm cache clean --force\nUSER node\nCMD [\"node\", \"i.js\"]\n",
			// a build arg that is not a credential, used without authenticating
			"FROM debian:bookworm-slim\nARG TOOL_VERSION=1.2.3\nRUN echo $TOOL_VERSION > /version\nUSER 1000\nCMD [\"true\"]\n",
		},
	},
	{
		rule: "SC109", name: "git clone with a token in the URL", sev: lint.Error, line: 3,
		trigger: "FROM alpine/git:2.45.2 AS src\nARG GIT_USER\nRUN git clone https://${GIT_USER}@github.com/acme/private.git /src\nFROM alpine:3.20\nCOPY --from=src /src /src\nUSER 1000\nCMD [\"true\"]\n",
	},
	{
		rule: "SC110", name: ".npmrc copied into the final image", sev: lint.Error, line: 2,
		trigger: "FROM node:20-slim\nCOPY .npmrc package.json ./\nRUN npm ci --omit=dev && npm cache clean --force\nUSER node\nCMD [\"node\", \"i.js\"]\n",
		nearMiss: []string{
			"FROM node:20-slim\nCOPY .env.example package.json ./\nCOPY certs/corp-ca.pem /usr/local/share/ca-certificates/\nUSER node\nCMD [\"node\", \"i.js\"]\n",
		},
	},
	{
		rule: "SC110", name: "a key in a build stage is a warning", sev: lint.Warning, line: 2,
		trigger: "FROM alpine:3.20 AS build\nCOPY deploy.key /root/.ssh/id_rsa\nRUN true\nFROM alpine:3.20\nUSER 1000\nCMD [\"true\"]\n",
	},
	{
		rule: "SC111", name: "no USER", sev: lint.Warning, line: 3,
		trigger: "FROM golang:1.23 AS build\nUSER 1000\nFROM debian:bookworm-slim AS runtime\nCMD [\"true\"]\n",
		nearMiss: []string{
			"FROM debian:bookworm-slim AS runtime\nUSER 10001:10001\nCMD [\"true\"]\n",
			"FROM gcr.io/distroless/static-debian12:nonroot AS runtime\nCOPY app /app\nCMD [\"/app\"]\n",
			"FROM debian:bookworm-slim AS base\nUSER 10001\nFROM base AS runtime\nCMD [\"true\"]\n",
			"FROM nginxinc/nginx-unprivileged:1.27 AS runtime\nCOPY site /usr/share/nginx/html\n",
		},
	},
	{
		rule: "SC111", name: "USER root", sev: lint.Warning, line: 3,
		trigger: "FROM debian:bookworm-slim\nUSER 1000\nUSER root\nCMD [\"true\"]\n",
	},
	{
		rule: "SC112", name: "latest and no tag", sev: lint.Warning, line: 1,
		trigger: "FROM ubuntu:latest\nUSER 1000\nCMD [\"true\"]\n",
		nearMiss: []string{
			"FROM ubuntu:24.04\nUSER 1000\nCMD [\"true\"]\n",
			"FROM ubuntu@sha256:0e5e4a57c2499249aafc3b40fcd541e9a456aab7296681a3994d631587203f97\nUSER 1000\nCMD [\"true\"]\n",
			"ARG BASE=debian:bookworm-slim\nFROM ${BASE} AS runtime\nUSER 1000\nCMD [\"true\"]\n",
			"FROM scratch\nCOPY app /app\nUSER 1000\nCMD [\"/app\"]\n",
		},
	},
	{
		rule: "SC112", name: "an ARG default without a tag", sev: lint.Warning, line: 2,
		trigger: "ARG BASE=debian\nFROM ${BASE} AS runtime\nUSER 1000\nCMD [\"true\"]\n",
	},
	{
		rule: "SC113", name: "tag without digest", sev: lint.Info, line: 1,
		trigger:  "FROM debian:bookworm-slim\nUSER 1000\nCMD [\"true\"]\n",
		nearMiss: []string{"FROM debian:bookworm-slim@sha256:0e5e4a57c2499249aafc3b40fcd541e9a456aab7296681a3994d631587203f97\nUSER 1000\nCMD [\"true\"]\n"},
	},
	{
		rule: "SC114", name: "COPY --from=0", sev: lint.Warning, line: 4,
		trigger:  "FROM golang:1.23 AS build\nRUN go build -o /app .\nFROM scratch\nCOPY --from=0 /app /app\nUSER 1000\nCMD [\"/app\"]\n",
		nearMiss: []string{"FROM golang:1.23 AS build\nRUN go build -o /app .\nFROM scratch\nCOPY --from=build /app /app\nUSER 1000\nCMD [\"/app\"]\n"},
	},
	{
		rule: "SC115", name: "unnamed stage", sev: lint.Info, line: 1,
		trigger: "FROM golang:1.23\nRUN go build -o /app .\nFROM scratch AS runtime\nCOPY --from=0 /app /app\nUSER 1000\nCMD [\"/app\"]\n",
		nearMiss: []string{
			"FROM golang:1.23 AS build\nRUN go build -o /app .\nFROM scratch AS runtime\nCOPY --from=build /app /app\nUSER 1000\nCMD [\"/app\"]\n",
			"FROM debian:bookworm-slim\nUSER 1000\nCMD [\"true\"]\n",
		},
	},
	{
		rule: "SC116", name: "unnamed stage nothing uses", sev: lint.Warning, line: 1,
		trigger: "FROM golang:1.23\nRUN go version\nFROM debian:bookworm-slim AS runtime\nUSER 1000\nCMD [\"true\"]\n",
		nearMiss: []string{
			"FROM golang:1.23\nRUN go build -o /app .\nFROM debian:bookworm-slim AS runtime\nCOPY --from=0 /app /app\nUSER 1000\nCMD [\"/app\"]\n",
			// a dependency of a named target is alive
			"FROM golang:1.23 AS deps\nRUN go version\nFROM deps AS lint\nRUN true\nFROM debian:bookworm-slim AS runtime\nUSER 1000\nCMD [\"true\"]\n# stagecraft-ignore-file: SC116\n",
		},
	},
	{
		rule: "SC116", name: "named target the final stage does not use is info", sev: lint.Info, line: 3,
		trigger: "FROM golang:1.23 AS build\nRUN go build -o /app .\nFROM build AS test\nRUN go test ./...\nFROM scratch AS runtime\nCOPY --from=build /app /app\nUSER 1000\nCMD [\"/app\"]\n",
	},
	{
		rule: "SC117", name: "go build without a cache mount", sev: lint.Info, line: 2,
		trigger: "FROM golang:1.23 AS build\nRUN go build -o /app .\nFROM scratch\nCOPY --from=build /app /app\nUSER 1000\nCMD [\"/app\"]\n",
		nearMiss: []string{
			"FROM golang:1.23 AS build\nRUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build go build -o /app .\nFROM scratch\nCOPY --from=build /app /app\nUSER 1000\nCMD [\"/app\"]\n",
			"FROM python:3.12-slim AS build\nRUN pip install --no-cache-dir -r requirements.txt\nFROM python:3.12-slim\nUSER 1000\nCMD [\"python\"]\n",
		},
	},
	{
		// In the final image SC107 takes the npm step that leaves its cache
		// behind; one that cleans its cache still downloads everything on
		// every rebuild, which is SC117's point.
		rule: "SC117", name: "npm ci with its cache cleaned in a single-stage image", sev: lint.Info, line: 4,
		trigger: "FROM node:20-slim\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci --omit=dev && npm cache clean --force\nCOPY . .\nUSER node\nCMD [\"node\", \"server.js\"]\n",
		nearMiss: []string{
			// SC107 reports this one, with the cache mount as its fix
			"FROM node:20-slim\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci --omit=dev\nCOPY . .\nUSER node\nCMD [\"node\", \"server.js\"]\n",
			"FROM node:20-slim\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN --mount=type=cache,target=/root/.npm npm ci --omit=dev\nCOPY . .\nUSER node\nCMD [\"node\", \"server.js\"]\n",
		},
	},
	{
		rule: "SC117", name: "pip with its cache removed in the final image", sev: lint.Info, line: 2,
		trigger: "FROM python:3.12-slim\nRUN pip install -r requirements.txt && rm -rf /root/.cache\nUSER 1000\nCMD [\"python\", \"app.py\"]\n",
		nearMiss: []string{
			// the environment turns pip's cache off: nothing to mount
			"FROM python:3.12-slim AS build\nENV PIP_NO_CACHE_DIR=1\nRUN pip install -r requirements.txt\nFROM python:3.12-slim\nUSER 1000\nCMD [\"python\"]\n",
			"FROM python:3.12-slim AS build\nENV UV_NO_CACHE=1\nRUN uv sync --frozen\nFROM python:3.12-slim\nUSER 1000\nCMD [\"python\"]\n",
		},
	},
	{
		rule: "SC118", name: "no .dockerignore with COPY . .", sev: lint.Warning, line: 2, ignore: "-",
		trigger: "FROM golang:1.23 AS build\nCOPY . .\nRUN go build -o /app .\nFROM scratch\nCOPY --from=build /app /app\nUSER 1000\nCMD [\"/app\"]\n",
		nearMiss: []string{
			"FROM golang:1.23 AS build\nCOPY . .\nRUN go build -o /app .\nFROM scratch\nCOPY --from=build /app /app\nUSER 1000\nCMD [\"/app\"]\n",
		},
		nmIgnore: ".git\n.env*\n*.pem\n*.key\nid_*\n",
	},
	{
		rule: "SC118", name: "no .dockerignore, files named one by one, is info", sev: lint.Info, line: 1, ignore: "-",
		trigger: "FROM debian:bookworm-slim\nCOPY app /app\nUSER 1000\nCMD [\"/app\"]\n",
	},
	{
		rule: "SC118", name: "no build context known", ignore: "-", noContext: true,
		nearMiss: []string{"FROM golang:1.23 AS build\nCOPY . .\nRUN go build -o /app .\nFROM scratch\nCOPY --from=build /app /app\nUSER 1000\nCMD [\"/app\"]\n"},
		nmIgnore: "-",
	},
	{
		rule: "SC119", name: ".dockerignore without .git", sev: lint.Warning, line: 1, ignore: "node_modules\n.env*\n*.pem\n*.key\nid_*\n",
		trigger: "FROM node:20-slim AS build\nCOPY . .\nRUN npm run build\nFROM node:20-slim\nCOPY --from=build /dist /dist\nUSER node\nCMD [\"node\", \"/dist/i.js\"]\n",
		nearMiss: []string{
			"FROM node:20-slim AS build\nCOPY . .\nRUN npm run build\nFROM node:20-slim\nCOPY --from=build /dist /dist\nUSER node\nCMD [\"node\", \"/dist/i.js\"]\n",
		},
		nmIgnore: "# an allow-list: everything is excluded but what is named\n*\n!src\n!package.json\n!package-lock.json\n",
	},
	{
		rule: "SC119", name: "node_modules only matters for Node", sev: lint.Warning, line: 1, ignore: ".git\n.env*\n*.pem\n*.key\nid_*\n",
		trigger: "FROM node:20-slim AS build\nCOPY . .\nRUN npm ci && npm run build\nFROM node:20-slim\nCOPY --from=build /dist /dist\nUSER node\nCMD [\"node\", \"/dist/i.js\"]\n",
		nearMiss: []string{
			"FROM golang:1.23 AS build\nCOPY . .\nRUN go build -o /app .\nFROM scratch\nCOPY --from=build /app /app\nUSER 1000\nCMD [\"/app\"]\n",
		},
		nmIgnore: ".git\n.env*\n*.pem\n*.key\nid_*\n",
	},
	{
		rule: "SC120", name: "COPY of an excluded file", sev: lint.Error, line: 2, ignore: goodIgnore + "*.md\n",
		trigger: "FROM debian:bookworm-slim\nCOPY README.md /doc/\nUSER 1000\nCMD [\"true\"]\n",
		nearMiss: []string{
			"FROM debian:bookworm-slim\nCOPY docs/README.md /doc/\nCOPY LICENSE /doc/\nUSER 1000\nCMD [\"true\"]\n",
		},
		nmIgnore: goodIgnore + "*.md\n!docs/README.md\n",
	},
	{
		rule: "SC120", name: "bind mount of an excluded folder", sev: lint.Error, line: 2, ignore: goodIgnore + "vendor/\n",
		trigger: "FROM golang:1.23 AS build\nRUN --mount=type=bind,source=vendor,target=/src/vendor go build -mod=vendor -o /app .\nFROM scratch\nCOPY --from=build /app /app\nUSER 1000\nCMD [\"/app\"]\n",
	},
	{
		rule: "SC121", name: "npm start as PID 1", sev: lint.Warning, line: 4,
		trigger: "FROM node:20-slim\nCOPY . .\nUSER node\nCMD npm start\n",
		nearMiss: []string{
			"FROM node:20-slim\nCOPY . .\nUSER node\nCMD [\"node\", \"server.js\"]\n",
			"FROM node:20-slim\nCOPY . .\nUSER node\nENTRYPOINT [\"tini\", \"--\"]\nCMD [\"npm\", \"start\"]\n",
			// npm start in a build stage is not PID 1 of the image
			"FROM node:20-slim AS dev\nCMD [\"npm\", \"run\", \"dev\"]\nFROM node:20-slim\nCOPY --from=dev /app /app\nUSER node\nCMD [\"node\", \"/app/i.js\"]\n",
		},
	},
	{
		rule: "SC121", name: "exec-form npm start is info", sev: lint.Info, line: 4,
		trigger: "FROM node:20-slim\nCOPY . .\nUSER node\nCMD [\"npm\", \"run\", \"start\"]\n",
	},
	{
		rule: "SC121", name: "shell-form yarn start", sev: lint.Warning, line: 4,
		trigger: "FROM node:20-slim\nCOPY . .\nUSER node\nCMD yarn start\n",
	},
	{
		rule: "SC122", name: "apt-get upgrade", sev: lint.Warning, line: 2,
		trigger: "FROM debian:bookworm-slim\nRUN apt-get update && apt-get -y dist-upgrade && rm -rf /var/lib/apt/lists/*\nUSER 1000\nCMD [\"true\"]\n",
		nearMiss: []string{
			"FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --only-upgrade openssl && rm -rf /var/lib/apt/lists/*\nUSER 1000\nCMD [\"true\"]\n",
			"FROM rockylinux:9.3\nRUN yum update -y openssl && yum clean all\nUSER 1000\nCMD [\"true\"]\n",
		},
	},
	{
		rule: "SC123", name: "ADD of a URL", sev: lint.Warning, line: 2,
		trigger: "FROM debian:bookworm-slim\nADD https://example.com/tool.tgz /opt/\nUSER 1000\nCMD [\"true\"]\n",
		nearMiss: []string{
			"# syntax=docker/dockerfile:1\nFROM debian:bookworm-slim\nADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/tool.tgz /opt/\nUSER 1000\nCMD [\"true\"]\n",
			"FROM debian:bookworm-slim\nADD vendor.tar.gz /opt/\nUSER 1000\nCMD [\"true\"]\n",
		},
	},
	{
		rule: "SC124", name: "npm ci with devDependencies in the final image", sev: lint.Warning, line: 3,
		trigger: "FROM node:20-slim\nCOPY package.json package-lock.json ./\nRUN --mount=type=cache,target=/root/.npm npm ci\nUSER node\nCMD [\"node\", \"i.js\"]\n",
		nearMiss: []string{
			"FROM node:20-slim\nCOPY package.json package-lock.json ./\nRUN --mount=type=cache,target=/root/.npm npm ci --omit=dev\nUSER node\nCMD [\"node\", \"i.js\"]\n",
			"FROM node:20-slim\nENV NODE_ENV=production\nCOPY package.json package-lock.json ./\nRUN --mount=type=cache,target=/root/.npm npm ci\nUSER node\nCMD [\"node\", \"i.js\"]\n",
			// dev dependencies in the build stage are the point of it
			"FROM node:20-slim AS build\nRUN --mount=type=cache,target=/root/.npm npm ci && npm run build\nFROM node:20-slim\nCOPY --from=build /dist /dist\nUSER node\nCMD [\"node\", \"/dist/i.js\"]\n",
		},
	},
}

func lintString(t *testing.T, df, ignore string, noContext bool) []lint.Finding {
	t.Helper()
	in := lint.Input{Path: "Dockerfile", Content: []byte(df), NoContext: noContext}
	switch ignore {
	case "":
		in.Ignore = &lint.IgnoreFile{Path: ".dockerignore", Content: []byte(goodIgnore)}
	case "-":
	default:
		in.Ignore = &lint.IgnoreFile{Path: ".dockerignore", Content: []byte(ignore)}
	}
	fs, err := lint.Lint(in, lint.Options{Severity: lint.Info})
	if err != nil {
		t.Fatalf("lint: %v\n%s", err, df)
	}
	return fs
}

func TestRulesTriggerAndNearMiss(t *testing.T) {
	for _, c := range ruleCases {
		t.Run(c.rule+"/"+c.name, func(t *testing.T) {
			if c.trigger != "" {
				fs := lintString(t, c.trigger, c.ignore, c.noContext)
				var hit *lint.Finding
				for i, f := range fs {
					if f.Rule == c.rule {
						hit = &fs[i]
						break
					}
				}
				switch {
				case hit == nil:
					t.Errorf("trigger: want %s, got:\n%s\n--- Dockerfile\n%s", c.rule, text(fs), c.trigger)
				case hit.Line != c.line || hit.Severity != c.sev:
					t.Errorf("trigger: want %s %s at line %d, got %s", c.rule, c.sev, c.line, hit)
				case hit.Message == "" || hit.Fix == "":
					t.Errorf("a finding needs a message and a fix: %s", hit)
				}
			}
			nmIgnore := c.nmIgnore
			if nmIgnore == "" {
				nmIgnore = c.ignore
				if c.ignore == "-" {
					nmIgnore = ""
				}
			}
			for i, nm := range c.nearMiss {
				for _, f := range lintString(t, nm, nmIgnore, c.noContext) {
					if f.Rule == c.rule {
						t.Errorf("near miss %d: unexpected %s\n--- Dockerfile\n%s", i, f, nm)
					}
				}
			}
		})
	}
}

// Every stagecraft rule has a trigger and at least one near miss above.
func TestEveryRuleIsTested(t *testing.T) {
	trig, near := map[string]bool{}, map[string]bool{}
	for _, c := range ruleCases {
		if c.trigger != "" {
			trig[c.rule] = true
		}
		if len(c.nearMiss) > 0 {
			near[c.rule] = true
		}
	}
	for _, r := range lint.Rules() {
		if strings.HasPrefix(r.ID, lint.BuildKitPrefix) {
			continue
		}
		if !trig[r.ID] || !near[r.ID] {
			t.Errorf("%s: want a trigger and a near-miss case in ruleCases (trigger %v, near miss %v)", r.ID, trig[r.ID], near[r.ID])
		}
		if r.Summary == "" || r.Help == "" || r.Fix == "" || r.Name == "" {
			t.Errorf("%s: needs a name, summary, help and fix", r.ID)
		}
	}
}
