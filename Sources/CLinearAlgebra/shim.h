// OpenBLAS's CBLAS (with openblas_set_num_threads) and the reference LAPACKE, as Debian ships them.
// Include directories come from `pkg-config openblas`; lapacke.h lives in /usr/include.
#ifndef ALVH_CLINEARALGEBRA_SHIM_H
#define ALVH_CLINEARALGEBRA_SHIM_H
#include <cblas.h>
#include <lapacke.h>

// lapack_int is a macro in lapacke_config.h; Swift imports typedefs, not macros.
typedef lapack_int alvh_lapack_int;

// OpenBLAS's pool shutdown (exported by libopenblas, not declared in cblas.h): stops the pool's server threads,
// which otherwise spin in sched_yield beside alvh's own workers.
int blas_thread_shutdown_(void);

// A hint that the cache line holding `p` will be read soon (x86 `prefetcht0`); it changes no result.
static inline void alvh_prefetch(const void *p) { __builtin_prefetch(p, 0, 3); }
#endif
