/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/*
 * ThreadSanitizer annotations, no-ops in other builds.
 *
 * GLib is not built with ThreadSanitizer, and its GMutex and GCond wait on
 * futexes, so ThreadSanitizer sees neither them nor the queues of GTask and
 * GThreadPool hand data from one thread to another.  Code that hands data
 * over that way says so: CH_TSAN_RELEASE (obj) on the giving side after the
 * last write, CH_TSAN_ACQUIRE (obj) on the taking side before the first
 * read (for a lock: acquire after locking, release before unlocking).
 */

#if defined(__SANITIZE_THREAD__)
# define CH_TSAN_ENABLED 1
#elif defined(__has_feature)
# if __has_feature (thread_sanitizer)
#  define CH_TSAN_ENABLED 1
# endif
#endif

#ifdef CH_TSAN_ENABLED
# include <sanitizer/tsan_interface.h>
# define CH_TSAN_ACQUIRE(obj) __tsan_acquire ((void *) (obj))
# define CH_TSAN_RELEASE(obj) __tsan_release ((void *) (obj))
#else
# define CH_TSAN_ACQUIRE(obj) ((void) 0)
# define CH_TSAN_RELEASE(obj) ((void) 0)
#endif
