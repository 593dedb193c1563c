/**
 * Python's repr(float) — what pandas' to_csv writes for a float cell (float_format=None) — so
 * our metrics.csv is byte-identical to metrics.py's. Both languages print the SHORTEST digits
 * that round-trip; they differ only in layout: Python switches to exponent notation when the
 * decimal exponent is < -4 or >= 16, keeps ".0" on integral values, and pads the exponent to two
 * digits ("1e-05", "1.5e+16"), where JS writes "0.00001", "1", "1e-5".
 */
export function pyFloatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const sign = x < 0 ? '-' : '';
  // toExponential() with no argument gives the shortest round-trip digits, e.g. "6.666666666666666e-1".
  const [mant, expText] = Math.abs(x).toExponential().split('e');
  const digits = mant.replace('.', '');
  const exp = Number(expText);
  if (exp < -4 || exp >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const e = Math.abs(exp).toString().padStart(2, '0');
    return `${sign}${m}e${exp < 0 ? '-' : '+'}${e}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  const intLen = exp + 1;
  if (digits.length <= intLen) return `${sign}${digits}${'0'.repeat(intLen - digits.length)}.0`;
  return `${sign}${digits.slice(0, intLen)}.${digits.slice(intLen)}`;
}
