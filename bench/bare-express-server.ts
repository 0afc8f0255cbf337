// The baseline for bench:ingest: a bare Express 5 endpoint that parses JSON and answers 200.
import express from 'express';

const app = express();
app.post('/webhooks/:id/:secret', express.json({ limit: '256kb' }), (req, res) => {
  res.status(200).json({ status: 'ok', keys: Object.keys(req.body as object).length });
});
const server = app.listen(Number(process.env.PORT), '127.0.0.1', () => {
  process.stdout.write(`bare express listening on ${process.env.PORT}\n`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
