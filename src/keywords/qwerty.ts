// Letter keys that touch each other on a QWERTY keyboard (same row, or overlapping keys on the row above or below).

const ROWS: ReadonlyArray<readonly [string, number]> = [
  ['qwertyuiop', 0],
  ['asdfghjkl', 0.25],
  ['zxcvbnm', 0.75],
];

function buildAdjacency(): Map<string, Set<string>> {
  const keys: Array<{ letter: string; row: number; x: number }> = [];
  ROWS.forEach(([letters, offset], row) => {
    [...letters].forEach((letter, index) => keys.push({ letter, row, x: index + offset }));
  });
  const adjacency = new Map<string, Set<string>>();
  for (const key of keys) {
    const near = new Set<string>();
    for (const other of keys) {
      if (other === key) continue;
      const sameRow = other.row === key.row && Math.abs(other.x - key.x) === 1;
      const nextRow = Math.abs(other.row - key.row) === 1 && Math.abs(other.x - key.x) < 1;
      if (sameRow || nextRow) near.add(other.letter);
    }
    adjacency.set(key.letter, near);
  }
  return adjacency;
}

const ADJACENT = buildAdjacency();

export function qwertyAdjacent(a: string, b: string): boolean {
  return ADJACENT.get(a)?.has(b) ?? false;
}
