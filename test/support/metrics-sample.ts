// Reads one sample of a Prometheus text exposition, e.g. `optline_replies_total{vendor="sinch",result="sent"}`.
export function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}
