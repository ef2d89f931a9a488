// GET / answers with a fixed body, rendered on each request.
export const dynamic = 'force-dynamic';

export function GET() {
  return new Response('hello from node-next-standalone\n', {
    headers: { 'content-type': 'text/plain' },
  });
}
