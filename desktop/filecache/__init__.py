"""The client's encrypted file cache: chunked AES-256-GCM files, LRU budget, safe names."""
