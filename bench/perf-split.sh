# Sourced by the bench scripts: where a process's CPU went, from a `perf record -g` file.
#   split_of perf.data → "kernel K %, runtime and native N %, JIT compiler J %, IL I %"
# Shares of samples by DSO: the kernel, the .NET runtime and other native libraries (a native
# program such as HAProxy is all "native"), the JIT compiler at work, and code compiled from IL.
split_of() {
  perf report -i "$1" --no-children --sort dso --stdio -g none 2>/dev/null | awk '
    /^#/ || NF < 2 { next }
    { p = $1 + 0; d = $2
      if (d == "[kernel.kallsyms]") k += p
      else if (d == "libclrjit.so") j += p
      else if (d ~ /\.so(\.[0-9]+)*$/ || d == "[vdso]" || (d ~ /^[A-Za-z0-9_.-]+$/ && d !~ /\.(map|dll)$/)) n += p
      else il += p }
    END { if (k + n + j + il == 0) { printf "no samples (perf record failed)"; exit }
      printf "kernel %.0f %%, runtime and native %.0f %%, JIT compiler %.0f %%, IL %.0f %%", k, n, j, il }'
}
