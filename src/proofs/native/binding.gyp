{
  "targets": [
    {
      "target_name": "lotus_proofs",
      "sources": ["lotus_proofs.c", "kernels.c", "sha_ni.c"],
      "cflags": ["-O3", "-std=c11"],
      "xcode_settings": { "OTHER_CFLAGS": ["-O3"] }
    }
  ]
}
