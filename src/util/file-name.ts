/**
 * `name`, or `name (2).ext`, `name (3).ext`… when `used` already holds it (case-insensitively); the
 * result is added to `used`. Two attachments called the same never overwrite each other.
 */
export function uniqueName(name: string, used: Set<string>): string {
  let out = name;
  if (used.has(out.toLowerCase())) {
    const dot = name.lastIndexOf('.');
    const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
    let i = 2;
    while (used.has(`${stem} (${i})${ext}`.toLowerCase())) i++;
    out = `${stem} (${i})${ext}`;
  }
  used.add(out.toLowerCase());
  return out;
}
