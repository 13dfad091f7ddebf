#!/bin/sh
# run.sh BIN [STRIDE [SEARCH_STRIDE]]: the allocation-failure injection test (tests/fault/fault.c)
# on corpus/ in a temporary directory.  STRIDE 0 or absent: about 30
# trials per run; 1: every allocation (slow: the full sweep).
set -u
cd "$(dirname "$0")/../.."
bin=$1
stride=${2:-0}
dir=$(mktemp -d /tmp/tracuu-fault.XXXXXX)
trap 'rm -rf "$dir"' EXIT
# fast_unwind_on_malloc=0: libxapian has no frame pointers, and its leak on
# a failed allocation (fault/lsan.supp) is matched by a frame inside it;
# fault.c checks leaks itself after every trial and at the end
export ASAN_OPTIONS=detect_leaks=1:leak_check_at_exit=0:allocator_may_return_null=1:fast_unwind_on_malloc=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export LSAN_OPTIONS=suppressions=$(pwd)/tests/fault/lsan.supp:print_suppressions=0
# The Nth allocation is the same one from run to run only when the threads
# are too: two analysis threads, as on the 2-core machine the trials were
# counted on (a CI machine with more cores would start more)
export TRACUU_THREADS=${TRACUU_THREADS:-2}
"$bin" corpus "$dir" "$stride" ${3:-}
