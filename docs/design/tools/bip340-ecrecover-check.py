# BIP340 verification through ecrecover, checked in Python (docs/design/threshold-anchoring.md, section 2).
# Run: python3 docs/design/tools/bip340-ecrecover-check.py
import hashlib, secrets
p=2**256-2**32-977; n=0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141
G=(0x79BE667EF9DCBBAC55A06295CE870B07029BFCDB2DCE28D959F2815B16F81798,0x483ADA7726A3C4655DA4FBFC0E1108A8FD17B448A68554199C47D08FFB10D4B8)
def add(P,Q):
    if P is None: return Q
    if Q is None: return P
    if P[0]==Q[0] and (P[1]+Q[1])%p==0: return None
    if P==Q: l=3*P[0]*P[0]*pow(2*P[1],p-2,p)%p
    else: l=(Q[1]-P[1])*pow(Q[0]-P[0],p-2,p)%p
    x=(l*l-P[0]-Q[0])%p; return (x,(l*(P[0]-x)-P[1])%p)
def mul(k,P):
    R=None
    while k:
        if k&1: R=add(R,P)
        P=add(P,P); k>>=1
    return R
def th(tag,m):
    t=hashlib.sha256(tag.encode()).digest(); return hashlib.sha256(t+t+m).digest()
def lift(x):
    y2=(pow(x,3,p)+7)%p; y=pow(y2,(p+1)//4,p)
    if y*y%p!=y2: return None
    return (x, y if y%2==0 else p-y)
b=lambda i:i.to_bytes(32,'big')
def sign(d,m):
    P=mul(d,G); d = d if P[1]%2==0 else n-d
    k=secrets.randbelow(n-1)+1; R=mul(k,G); k = k if R[1]%2==0 else n-k
    e=int.from_bytes(th("BIP0340/challenge",b(R[0])+b(P[0])+m),'big')%n
    return R[0], (k+e*d)%n, P[0]
def ecrecover(h,v,r,s):
    if not (0<r<n and 0<s<n): return None
    R=lift(r)
    if R is None: return None
    if v==28: R=(R[0],p-R[1])
    ri=pow(r,n-2,n)
    return add(mul(ri*s%n,R), mul((n-ri*h%n)%n,G))
def verify_ecrec(px,m,rx,s):
    if px==0 or px>=n or rx>=p or s>=n or s==0: return False
    Rlift=lift(rx)  # stands for the (rx,ry) hint with ry even, checked on curve
    if Rlift is None: return False
    e=int.from_bytes(th("BIP0340/challenge",b(rx)+b(px)+m),'big')%n
    sp=n-s*px%n; ep=n-e*px%n
    got=ecrecover(sp,27,px,ep)
    return got==Rlift
print("tag", hashlib.sha256(b"BIP0340/challenge").hexdigest())
ok=0
for i in range(20):
    d=secrets.randbelow(n-1)+1; m=secrets.token_bytes(32)
    rx,s,px=sign(d,m)
    if px>=n: continue
    assert verify_ecrec(px,m,rx,s)
    assert not verify_ecrec(px,secrets.token_bytes(32),rx,s)
    assert not verify_ecrec(px,m,rx,(s+1)%n)
    ok+=1
print("ok",ok)
