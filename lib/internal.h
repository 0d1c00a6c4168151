/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * Helpers private to the library.
 */
#ifndef SMCCCTRACE_LIB_INTERNAL_H
#define SMCCCTRACE_LIB_INTERNAL_H

#include <smccctrace/error.h>

/* sct_set_error() is public: <smccctrace/error.h> */

#endif /* SMCCCTRACE_LIB_INTERNAL_H */
