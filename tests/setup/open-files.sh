#!/bin/sh
# Runs its arguments with the open-file limit raised: the interop and fault tests open thousands
# of sockets, and a process can raise only its own (and its children's) limit, never its parent's.
# 65536 when allowed, otherwise as high as the hard limit goes; unchanged when neither works.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
exec "$@"
