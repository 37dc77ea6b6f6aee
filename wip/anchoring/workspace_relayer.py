R='/work/main/'
s=open(R+'Cargo.toml').read()
s=s.replace('members = ["node", "runtime", "pallets/*", "pallets/*/runtime-api"]','members = ["node", "runtime", "pallets/*", "pallets/*/runtime-api", "relayer"]')
s=s.replace('smallvec = { version = "1.16.6" }\n','''smallvec = { version = "1.16.6" }
anyhow = { version = "1.0.104" }
hex = { version = "0.4.3" }
tokio = { version = "1.54.1" }
tempfile = { version = "3.27.0" }
# The anchoring relayer's Bitcoin transactions and SPV proofs (secp-recovery: its Ethereum
# signatures use the same secp256k1).
bitcoin = { version = "0.32.102", default-features = false, features = ["std", "secp-recovery"] }
''')
open(R+'Cargo.toml','w').write(s)
print("ok")
