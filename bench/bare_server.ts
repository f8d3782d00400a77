/**
 * The HTTP ceiling: a bare Deno.serve answering a small JSON body (about the
 * size of the validation answer), run as a subprocess like the app.
 */
const port = Number(Deno.env.get("PORT") ?? "8001");
const answer = {
  ticket: { code: "7K3QW9M2XC4TPA8R1VNE", status: "ACTIVATED", orq: 1 },
  eligible: true,
};

Deno.serve({ port, hostname: "127.0.0.1", onListen: () => {} }, async (req) => {
  if (req.method === "POST") {
    // Read and parse the body, as any JSON endpoint must.
    JSON.parse(await req.text());
  }
  return Response.json(answer);
});
