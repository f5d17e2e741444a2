/** Lotus's byte sizes as the worker and sealing commands print them (types.SizeStr: `%.4g` and a binary unit). */
const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB']

export function sizeStr(bytes: number): string {
  let f = bytes
  let i = 0
  while (f >= 1024 && i < UNITS.length - 1) {
    f /= 1024
    i++
  }
  return `${Number(f.toPrecision(4))} ${UNITS[i]}`
}
