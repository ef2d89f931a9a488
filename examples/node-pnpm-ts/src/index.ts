import { createServer } from "node:http";
import pc from "picocolors";

const port = Number(process.env.PORT ?? 3000);

const server = createServer((req, res) => {
  if (req.method === "GET" && req.url === "/") {
    res.writeHead(200, { "content-type": "text/plain" });
    res.end("hello from node-pnpm-ts\n");
    return;
  }
  res.writeHead(404, { "content-type": "text/plain" });
  res.end("not found\n");
});

server.listen(port, () => {
  console.log(pc.green(`node-pnpm-ts listening on port ${port}`));
});

// docker stop sends SIGTERM to PID 1: close the server and exit.
process.on("SIGTERM", () => server.close(() => process.exit(0)));
