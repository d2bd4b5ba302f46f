/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ch-gl-compiles: which GL program Mesa's llvmpipe compiles, and when.
 *
 *   LD_PRELOAD=build/bench/libch-gl-compiles.so build/src/gui/chapterhouse
 *
 * llvmpipe compiles a GL program to machine code with LLVM the first time
 * it is drawn with a given state, on the thread that draws.  Each compile
 * makes an LLVM module first ("fs12_variant0": fragment shader 12 in its
 * first state; "setup_variant_N", "draw_llvm_vs_variantN"); this library
 * stands in front of LLVMModuleCreateWithNameInContext() and prints, on
 * stderr, the wall clock, the thread's CPU time, the module's name and, for
 * the program in use, its GL name, the framebuffer, the texture, and its
 * active uniforms, from which GTK's program and clip variant can be told
 * (gsk/gl/gskglprograms.defs: "u_widths" is the border program; one with
 * "u_clip_rect" is a clipped variant).  The CPU time between two lines is
 * what the first compile cost, give or take the frame's own work.  A
 * diagnostic tool, not a benchmark: bench/BENCHMARKS.md, "Shader compiles".
 */

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

typedef void *(*GetProcFunc)      (const char *name);
typedef void  (*GetIntegervFunc)  (unsigned pname, int *data);
typedef void  (*GetProgramivFunc) (unsigned program, unsigned pname, int *params);
typedef void  (*GetActiveUniformFunc) (unsigned program, unsigned index, int size, int *length,
                                       int *count, unsigned *type, char *name);

#define GL_CURRENT_PROGRAM             0x8B8D
#define GL_DRAW_FRAMEBUFFER_BINDING    0x8CA6
#define GL_TEXTURE_BINDING_2D          0x8069
#define GL_ACTIVE_UNIFORMS             0x8B86

void *LLVMModuleCreateWithNameInContext (const char *name,
                                         void       *context);

static void *
get_proc (const char *name)
{
  static GetProcFunc get_proc_address;

  if (get_proc_address == NULL)
    {
      void *lib = dlopen ("libEGL.so.1", RTLD_LAZY | RTLD_NOLOAD);

      if (lib != NULL)
        get_proc_address = (GetProcFunc) dlsym (lib, "eglGetProcAddress");
      if (get_proc_address == NULL && (lib = dlopen ("libGL.so.1", RTLD_LAZY | RTLD_NOLOAD)))
        get_proc_address = (GetProcFunc) dlsym (lib, "glXGetProcAddressARB");
      if (get_proc_address == NULL)
        return NULL;
    }

  return get_proc_address (name);
}

static double
clock_ms (clockid_t id)
{
  struct timespec ts;

  clock_gettime (id, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void
print_gl_state (void)
{
  GetIntegervFunc get_integerv = (GetIntegervFunc) get_proc ("glGetIntegerv");
  GetProgramivFunc get_programiv = (GetProgramivFunc) get_proc ("glGetProgramiv");
  GetActiveUniformFunc get_active_uniform =
    (GetActiveUniformFunc) get_proc ("glGetActiveUniform");
  int program = 0, framebuffer = 0, texture = 0, n_uniforms = 0;

  if (get_integerv == NULL)
    return;

  get_integerv (GL_CURRENT_PROGRAM, &program);
  get_integerv (GL_DRAW_FRAMEBUFFER_BINDING, &framebuffer);
  get_integerv (GL_TEXTURE_BINDING_2D, &texture);
  fprintf (stderr, "  program %d, framebuffer %d, texture %d", program, framebuffer, texture);

  if (program > 0 && get_programiv != NULL && get_active_uniform != NULL)
    {
      get_programiv (program, GL_ACTIVE_UNIFORMS, &n_uniforms);
      fprintf (stderr, ", uniforms:");
      for (int i = 0; i < n_uniforms; i++)
        {
          char uniform[128];
          int length = 0, count = 0;
          unsigned type = 0;

          get_active_uniform (program, i, sizeof uniform, &length, &count, &type, uniform);
          fprintf (stderr, " %s", uniform);
        }
    }
  fprintf (stderr, "\n");
}

void *
LLVMModuleCreateWithNameInContext (const char *name,
                                   void       *context)
{
  static void *(*create) (const char *, void *);
  struct timespec now;
  struct tm tm;

  if (create == NULL)
    create = (void *(*) (const char *, void *)) dlsym (RTLD_NEXT,
                                                       "LLVMModuleCreateWithNameInContext");

  clock_gettime (CLOCK_REALTIME, &now);
  localtime_r (&now.tv_sec, &tm);
  fprintf (stderr, "gl-compile %02d:%02d:%02d.%03ld thread CPU %.1f ms: %s\n",
           tm.tm_hour, tm.tm_min, tm.tm_sec, now.tv_nsec / 1000000,
           clock_ms (CLOCK_THREAD_CPUTIME_ID), name);
  print_gl_state ();

  return create (name, context);
}
