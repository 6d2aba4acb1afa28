# An independent implementation of docs/digest.md (Python 3, standard library only), written from
# the spec alone: it rebuilds the three test vectors and prints their digests, which must equal the
# checked-in ones. Run: python3 docs/digest_vectors.py
import hashlib, struct, uuid, datetime as dt
from decimal import Decimal
class Stream:
    def __init__(s): s.b=bytearray(); s.bits=[]
    def bit(s,v): s.bits.append(1 if v else 0)
    def add(s,bs): s.b+=bs
    def final(s):
        if s.bits:
            out=bytearray((len(s.bits)+7)//8)
            for i,v in enumerate(s.bits):
                if v: out[i//8]|=1<<(i%8)
            return bytes(out)
        return bytes(s.b)
def file_digest(rows, streams):
    h=hashlib.sha256(b"floe-digest/1"+struct.pack("<q",rows))
    for st in streams:
        data=st.final(); h.update(struct.pack("<q",len(data))); h.update(hashlib.sha256(data).digest())
    return h.hexdigest()
EPOCH=dt.date(1970,1,1)
def us(t): return t.hour*3600_000_000+t.minute*60_000_000+t.second*1_000_000+t.microsecond
def ts(d): return (d-dt.datetime(1970,1,1)).days*86400_000_000+(d-dt.datetime(1970,1,1)).seconds*1_000_000+(d-dt.datetime(1970,1,1)).microseconds
def tstz(d): 
    x=d-dt.datetime(1970,1,1,tzinfo=dt.timezone.utc); return x.days*86400_000_000+x.seconds*1_000_000+x.microseconds
def dec(v): 
    n=int(v.scaleb(2)); return n.to_bytes(16,'little',signed=True)
enc={
 'b':lambda v: None,
 'i':lambda v: struct.pack('<i',v), 'l':lambda v: struct.pack('<q',v),
 'f':lambda v: v, 'd':lambda v: v,
 'date':lambda v: struct.pack('<i',(v-EPOCH).days), 'time':lambda v: struct.pack('<q',us(v)),
 'ts':lambda v: struct.pack('<q',ts(v)), 'tstz':lambda v: struct.pack('<q',tstz(v)),
 'dec':dec, 'u':lambda v: uuid.UUID(v).bytes, 'fx':lambda v: v}
width={'i':4,'l':8,'f':4,'d':8,'date':4,'time':8,'ts':8,'tstz':8,'dec':16,'u':16,'fx':3}
F_NAN=struct.pack('<I',0x7fc00000); D_NAN=struct.pack('<Q',0x7ff8000000000000)
utc=dt.timezone.utc
rows=[
 dict(b=True,i=42,l=1<<40,f=struct.pack('<f',1.5),d=struct.pack('<d',-2.25),date=dt.date(2026,12,5),time=dt.time(13,14,15,16),ts=dt.datetime(2026,12,5,1,2,3,4),tstz=dt.datetime(1969,12,31,23,59,59,999999,tzinfo=utc),s='héllo'.encode(),bin=bytes([0,1,2,255]),dec=Decimal('1234567.89'),u='00112233-4455-6677-8899-aabbccddeeff',fx=bytes([7,8,9])),
 dict(),
 dict(b=False,i=-2**31,l=2**63-1,f=F_NAN,d=struct.pack('<d',-0.0),date=dt.date(1969,12,31),time=dt.time(0,0),ts=dt.datetime(1970,1,1),tstz=dt.datetime(2000,1,1,tzinfo=dt.timezone(dt.timedelta(hours=5))),s=b'',bin=b'',dec=Decimal('-0.01'),u='00000000-0000-0000-0000-000000000000',fx=bytes(3)),
 dict(b=True,i=-1,l=-1,f=struct.pack('<f',-0.0),d=D_NAN,date=dt.date(1,1,1),time=dt.time(23,59,59,999999),ts=dt.datetime(9999,12,31,23,59,59),tstz=dt.datetime(2026,6,1,12,tzinfo=utc),s=b'z',bin=bytes([42]),dec=Decimal('9999999.99'),u='ffffffff-ffff-ffff-ffff-ffffffffffff',fx=bytes([255,0,1])),
]
streams=[]
# id: required int
idv=Stream(); [idv.add(struct.pack('<i',k)) for k in range(4)]; streams.append(idv)
for col in ['b','i','l','f','d','date','time','ts','tstz','s','bin','dec','u','fx']:
    val=Stream(); vals=Stream(); 
    for r in rows: val.bit(col in r)
    if col=='b':
        v=Stream()
        for r in rows: v.bit(r.get('b',False))
        streams+= [val,v]
    elif col in ('s','bin'):
        L=Stream(); D=Stream()
        for r in rows:
            x=r.get(col); L.add(struct.pack('<i',0 if x is None else len(x)))
            if x is not None: D.add(x)
        streams+=[val,L,D]
    else:
        for r in rows:
            x=r.get(col)
            vals.add(bytes(width[col]) if x is None else enc[col](x))
        streams+=[val,vals]
print("flat", file_digest(4,streams))

# nested
f32=lambda x: struct.pack('<f',x)
N=[
 (0,[f32(1.0),None,f32(-0.0)],[b'a',b'bc'],[(b'k',1),(b'l',None)],(0.5,b'p')),
 (1,[],[],[],(None,None)),
 (2,None,None,None,None),
 (3,[F_NAN],[b''],[(b'',0)],(struct.pack('<d',-0.0),b'')),
 (4,[None],[b'x'],[(b'z',-7)],None)]
st=[]
idv=Stream(); [idv.add(struct.pack('<i',r[0])) for r in N]; st.append(idv)
# vec
V=Stream(); L=Stream(); EV=Stream(); ED=Stream()
for r in N:
    V.bit(r[1] is not None); L.add(struct.pack('<i',0 if r[1] is None else len(r[1])))
    for e in (r[1] or []):
        EV.bit(e is not None); ED.add(bytes(4) if e is None else e)
st+=[V,L,EV,ED]
# tags (required string elements)
V=Stream(); L=Stream(); EL=Stream(); ED=Stream()
for r in N:
    V.bit(r[2] is not None); L.add(struct.pack('<i',0 if r[2] is None else len(r[2])))
    for e in (r[2] or []):
        EL.add(struct.pack('<i',len(e))); ED.add(e)
st+=[V,L,EL,ED]
# attrs map<string,int>, key required, value optional
V=Stream(); L=Stream(); KL=Stream(); KD=Stream(); VV=Stream(); VD=Stream()
for r in N:
    V.bit(r[3] is not None); L.add(struct.pack('<i',0 if r[3] is None else len(r[3])))
    for k,v in (r[3] or []):
        KL.add(struct.pack('<i',len(k))); KD.add(k); VV.bit(v is not None); VD.add(struct.pack('<i',0 if v is None else v))
st+=[V,L,KL,KD,VV,VD]
# point struct<x double, name string>
V=Stream(); XV=Stream(); XD=Stream(); NV=Stream(); NL=Stream(); ND=Stream()
for r in N:
    p=r[4]; V.bit(p is not None)
    if p is None: continue
    x,n=p
    XV.bit(x is not None); XD.add(bytes(8) if x is None else (x if isinstance(x,bytes) else struct.pack('<d',x)))
    NV.bit(n is not None); NL.add(struct.pack('<i',0 if n is None else len(n)))
    if n is not None: ND.add(n)
st+=[V,XV,XD,NV,NL,ND]
print("nested", file_digest(5,st))

# floe-digest/2: the "units" vector, one Parquet file of three row groups of two rows each;
# positions 2 and 3 (all of the second row group) are deleted. Each unit is hashed as above, as if
# its surviving rows were a whole file; the file digest is over the units.
def unit_digest(rows):
    ids=Stream(); fv=Stream(); fd=Stream(); dv=Stream(); dd=Stream()
    vv=Stream(); vl=Stream(); ev=Stream(); ed=Stream()
    for i,f,d,vec in rows:
        ids.add(struct.pack('<i',i))
        fv.bit(f is not None); fd.add(bytes(4) if f is None else f)
        dv.bit(d is not None); dd.add(bytes(8) if d is None else d)
        vv.bit(vec is not None); vl.add(struct.pack('<i',0 if vec is None else len(vec)))
        for e in (vec or []):
            ev.bit(e is not None); ed.add(bytes(4) if e is None else e)
    return file_digest(len(rows),[ids,fv,fd,dv,dd,vv,vl,ev,ed])
f64=lambda x: struct.pack('<d',x)
U=[(0,None,f64(1.5),[]),(1,F_NAN,f64(-0.0),[f32(1.0)]),
   (2,f32(2.0),f64(2.0),[f32(2.0)]),(3,f32(3.0),f64(3.0),None),
   (4,f32(-0.0),None,None),(5,f32(2.5),D_NAN,[None,f32(-0.0)])]
deleted={2,3}
units=[]
for offset in (0,2,4):
    live=[r for r in U[offset:offset+2] if r[0] not in deleted]
    units.append((offset,2,len(live),unit_digest(live)))
for k,u in enumerate(units): print("units.%d"%k, u[3])
h=hashlib.sha256(b"floe-file/2"+struct.pack("<q",len(units)))
for offset,count,rows,d in units: h.update(struct.pack("<qqq",offset,count,rows)+bytes.fromhex(d))
print("units", h.hexdigest())
file_rows=sum(u[2] for u in units)
print("units.root", hashlib.sha256(b"floe-root/1"+struct.pack("<q",1)+struct.pack("<q",file_rows)+bytes.fromhex(h.hexdigest())).hexdigest())
