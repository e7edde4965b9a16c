"""Writes the tables of crates/core/src/models/elementary.rs (exp and ln by table) to standard
output, from 80-digit decimal arithmetic: python3 scripts/elementary_tables.py."""
from decimal import Decimal, getcontext
import struct
getcontext().prec = 80
N = 128
def bits(f): return struct.unpack('<Q', struct.pack('<d', f))[0]
def fl(b): return struct.unpack('<d', struct.pack('<Q', b))[0]
two = Decimal(2)
ln2 = two.ln()
out = []
# exp: 2^(k/N) = hi * (1 + tail)
out.append("/// 2^(k/128) for k in 0..128: the bits of its nearest double less k·2^45 (so that adding")
out.append("/// the whole exponent's bits, shifted, gives the power's bits), and the relative part the")
out.append("/// double misses.")
out.append("const EXP_TABLE: [(u64, f64); 128] = [")
for k in range(N):
    H = (ln2 * k / N).exp()
    hi = float(H)
    tail = float(H / Decimal(hi) - 1)
    b = (bits(hi) - (k << 45)) % (1 << 64)
    out.append(f"    ({b:#018x}, {tail!r}),")
out.append("];")
# log: intervals of z in [OFF, 2 OFF)
OFF = 0x3fe6000000000000
out.append("")
out.append("/// Per interval of the reduced argument: 1/c, c = c_hi + c_lo and ln c = ln_hi + ln_lo (each")
out.append("/// to twice a double's precision), with c = 1 exactly for the two intervals beside 1.")
out.append("const LN_TABLE: [(f64, f64, f64, f64, f64); 128] = [")
for i in range(N):
    lo = fl(OFF + (i << 45)); hi_ = fl(OFF + ((i + 1) << 45))
    if lo == 1.0 or hi_ == 1.0:
        invc = 1.0
    else:
        invc = float(1 / ((Decimal(lo) + Decimal(hi_)) / 2))
    c = 1 / Decimal(invc)
    chi = float(c); clo = float(c - Decimal(chi))
    logc = float(c.ln())
    logc_lo = float(c.ln() - Decimal(logc))
    out.append(f"    ({invc!r}, {chi!r}, {clo!r}, {logc!r}, {logc_lo!r}),")
out.append("];")
ln2hi = float(ln2)
# ln2 split: hi with trailing zeros (k*hi exact for |k| < 2^11)
b = bits(float(ln2)) & ~((1 << 11) - 1)
ln2hi = fl(b)
ln2lo = float(ln2 - Decimal(ln2hi))
out.append("")
out.append(f"const LN2_HI: f64 = {ln2hi!r};")
out.append(f"const LN2_LO: f64 = {ln2lo!r};")
out.append(f"const INV_LN2_N: f64 = {float(Decimal(N) / ln2)!r};")
b = bits(float(ln2 / N)) & ~((1 << 20) - 1)
h = fl(b)
out.append(f"const LN2_N_HI: f64 = {h!r};")
out.append(f"const LN2_N_LO: f64 = {float(ln2 / N - Decimal(h))!r};")
print("\n".join(out))
