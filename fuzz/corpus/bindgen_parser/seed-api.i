# 0 "/dev/null"
# 0 "<built-in>"
# 0 "<command-line>"
# 1 "/usr/include/stdc-predef.h" 1 3 4
# 0 "<command-line>" 2
# 1 "@INCLUDE@/wasm.h" 1
# 20 "@INCLUDE@/wasm.h"
# 1 "/usr/lib/gcc/x86_64-linux-gnu/12/include/stddef.h" 1 3 4
# 145 "/usr/lib/gcc/x86_64-linux-gnu/12/include/stddef.h" 3 4

# 145 "/usr/lib/gcc/x86_64-linux-gnu/12/include/stddef.h" 3 4
typedef long int ptrdiff_t;
# 214 "/usr/lib/gcc/x86_64-linux-gnu/12/include/stddef.h" 3 4
typedef long unsigned int size_t;
# 329 "/usr/lib/gcc/x86_64-linux-gnu/12/include/stddef.h" 3 4
typedef int wchar_t;
# 424 "/usr/lib/gcc/x86_64-linux-gnu/12/include/stddef.h" 3 4
typedef struct {
  long long __max_align_ll __attribute__((__aligned__(__alignof__(long long))));
  long double __max_align_ld __attribute__((__aligned__(__alignof__(long double))));
# 435 "/usr/lib/gcc/x86_64-linux-gnu/12/include/stddef.h" 3 4
} max_align_t;
# 21 "@INCLUDE@/wasm.h" 2
# 1 "/usr/lib/gcc/x86_64-linux-gnu/12/include/stdint.h" 1 3 4
# 9 "/usr/lib/gcc/x86_64-linux-gnu/12/include/stdint.h" 3 4
# 1 "/usr/include/stdint.h" 1 3 4
# 26 "/usr/include/stdint.h" 3 4
# 1 "/usr/include/x86_64-linux-gnu/bits/libc-header-start.h" 1 3 4
# 33 "/usr/include/x86_64-linux-gnu/bits/libc-header-start.h" 3 4
# 1 "/usr/include/features.h" 1 3 4
# 392 "/usr/include/features.h" 3 4
# 1 "/usr/include/features-time64.h" 1 3 4
# 20 "/usr/include/features-time64.h" 3 4
# 1 "/usr/include/x86_64-linux-gnu/bits/wordsize.h" 1 3 4
# 21 "/usr/include/features-time64.h" 2 3 4
# 1 "/usr/include/x86_64-linux-gnu/bits/timesize.h" 1 3 4
# 19 "/usr/include/x86_64-linux-gnu/bits/timesize.h" 3 4
# 1 "/usr/include/x86_64-linux-gnu/bits/wordsize.h" 1 3 4
# 20 "/usr/include/x86_64-linux-gnu/bits/timesize.h" 2 3 4
# 22 "/usr/include/features-time64.h" 2 3 4
# 393 "/usr/include/features.h" 2 3 4
# 489 "/usr/include/features.h" 3 4
# 1 "/usr/include/x86_64-linux-gnu/sys/cdefs.h" 1 3 4
# 561 "/usr/include/x86_64-linux-gnu/sys/cdefs.h" 3 4
# 1 "/usr/include/x86_64-linux-gnu/bits/wordsize.h" 1 3 4
# 562 "/usr/include/x86_64-linux-gnu/sys/cdefs.h" 2 3 4
# 1 "/usr/include/x86_64-linux-gnu/bits/long-double.h" 1 3 4
# 563 "/usr/include/x86_64-linux-gnu/sys/cdefs.h" 2 3 4
# 490 "/usr/include/features.h" 2 3 4
# 513 "/usr/include/features.h" 3 4
# 1 "/usr/include/x86_64-linux-gnu/gnu/stubs.h" 1 3 4
# 10 "/usr/include/x86_64-linux-gnu/gnu/stubs.h" 3 4
# 1 "/usr/include/x86_64-linux-gnu/gnu/stubs-64.h" 1 3 4
# 11 "/usr/include/x86_64-linux-gnu/gnu/stubs.h" 2 3 4
# 514 "/usr/include/features.h" 2 3 4
# 34 "/usr/include/x86_64-linux-gnu/bits/libc-header-start.h" 2 3 4
# 27 "/usr/include/stdint.h" 2 3 4
# 1 "/usr/include/x86_64-linux-gnu/bits/types.h" 1 3 4
# 27 "/usr/include/x86_64-linux-gnu/bits/types.h" 3 4
# 1 "/usr/include/x86_64-linux-gnu/bits/wordsize.h" 1 3 4
# 28 "/usr/include/x86_64-linux-gnu/bits/types.h" 2 3 4
# 1 "/usr/include/x86_64-linux-gnu/bits/timesize.h" 1 3 4
# 19 "/usr/include/x86_64-linux-gnu/bits/timesize.h" 3 4
# 1 "/usr/include/x86_64-linux-gnu/bits/wordsize.h" 1 3 4
# 20 "/usr/include/x86_64-linux-gnu/bits/timesize.h" 2 3 4
# 29 "/usr/include/x86_64-linux-gnu/bits/types.h" 2 3 4


typedef unsigned char __u_char;
typedef unsigned short int __u_short;
typedef unsigned int __u_int;
typedef unsigned long int __u_long;


typedef signed char __int8_t;
typedef unsigned char __uint8_t;
typedef signed short int __int16_t;
typedef unsigned short int __uint16_t;
typedef signed int __int32_t;
typedef unsigned int __uint32_t;

typedef signed long int __int64_t;
typedef unsigned long int __uint64_t;






typedef __int8_t __int_least8_t;
typedef __uint8_t __uint_least8_t;
typedef __int16_t __int_least16_t;
typedef __uint16_t __uint_least16_t;
typedef __int32_t __int_least32_t;
typedef __uint32_t __uint_least32_t;
typedef __int64_t __int_least64_t;
typedef __uint64_t __uint_least64_t;



typedef long int __quad_t;
typedef unsigned long int __u_quad_t;







typedef long int __intmax_t;
typedef unsigned long int __uintmax_t;
# 141 "/usr/include/x86_64-linux-gnu/bits/types.h" 3 4
# 1 "/usr/include/x86_64-linux-gnu/bits/typesizes.h" 1 3 4
# 142 "/usr/include/x86_64-linux-gnu/bits/types.h" 2 3 4
# 1 "/usr/include/x86_64-linux-gnu/bits/time64.h" 1 3 4
# 143 "/usr/include/x86_64-linux-gnu/bits/types.h" 2 3 4


typedef unsigned long int __dev_t;
typedef unsigned int __uid_t;
typedef unsigned int __gid_t;
typedef unsigned long int __ino_t;
typedef unsigned long int __ino64_t;
typedef unsigned int __mode_t;
typedef unsigned long int __nlink_t;
typedef long int __off_t;
typedef long int __off64_t;
typedef int __pid_t;
typedef struct { int __val[2]; } __fsid_t;
typedef long int __clock_t;
typedef unsigned long int __rlim_t;
typedef unsigned long int __rlim64_t;
typedef unsigned int __id_t;
typedef long int __time_t;
typedef unsigned int __useconds_t;
typedef long int __suseconds_t;
typedef long int __suseconds64_t;

typedef int __daddr_t;
typedef int __key_t;


typedef int __clockid_t;


typedef void * __timer_t;


typedef long int __blksize_t;




typedef long int __blkcnt_t;
typedef long int __blkcnt64_t;


typedef unsigned long int __fsblkcnt_t;
typedef unsigned long int __fsblkcnt64_t;


typedef unsigned long int __fsfilcnt_t;
typedef unsigned long int __fsfilcnt64_t;


typedef long int __fsword_t;

typedef long int __ssize_t;


typedef long int __syscall_slong_t;

typedef unsigned long int __syscall_ulong_t;



typedef __off64_t __loff_t;
typedef char *__caddr_t;


typedef long int __intptr_t;


typedef unsigned int __socklen_t;




typedef int __sig_atomic_t;
# 28 "/usr/include/stdint.h" 2 3 4
# 1 "/usr/include/x86_64-linux-gnu/bits/wchar.h" 1 3 4
# 29 "/usr/include/stdint.h" 2 3 4
# 1 "/usr/include/x86_64-linux-gnu/bits/wordsize.h" 1 3 4
# 30 "/usr/include/stdint.h" 2 3 4




# 1 "/usr/include/x86_64-linux-gnu/bits/stdint-intn.h" 1 3 4
# 24 "/usr/include/x86_64-linux-gnu/bits/stdint-intn.h" 3 4
typedef __int8_t int8_t;
typedef __int16_t int16_t;
typedef __int32_t int32_t;
typedef __int64_t int64_t;
# 35 "/usr/include/stdint.h" 2 3 4


# 1 "/usr/include/x86_64-linux-gnu/bits/stdint-uintn.h" 1 3 4
# 24 "/usr/include/x86_64-linux-gnu/bits/stdint-uintn.h" 3 4
typedef __uint8_t uint8_t;
typedef __uint16_t uint16_t;
typedef __uint32_t uint32_t;
typedef __uint64_t uint64_t;
# 38 "/usr/include/stdint.h" 2 3 4





typedef __int_least8_t int_least8_t;
typedef __int_least16_t int_least16_t;
typedef __int_least32_t int_least32_t;
typedef __int_least64_t int_least64_t;


typedef __uint_least8_t uint_least8_t;
typedef __uint_least16_t uint_least16_t;
typedef __uint_least32_t uint_least32_t;
typedef __uint_least64_t uint_least64_t;





typedef signed char int_fast8_t;

typedef long int int_fast16_t;
typedef long int int_fast32_t;
typedef long int int_fast64_t;
# 71 "/usr/include/stdint.h" 3 4
typedef unsigned char uint_fast8_t;

typedef unsigned long int uint_fast16_t;
typedef unsigned long int uint_fast32_t;
typedef unsigned long int uint_fast64_t;
# 87 "/usr/include/stdint.h" 3 4
typedef long int intptr_t;


typedef unsigned long int uintptr_t;
# 101 "/usr/include/stdint.h" 3 4
typedef __intmax_t intmax_t;
typedef __uintmax_t uintmax_t;
# 10 "/usr/lib/gcc/x86_64-linux-gnu/12/include/stdint.h" 2 3 4
# 22 "@INCLUDE@/wasm.h" 2
# 1 "/usr/lib/gcc/x86_64-linux-gnu/12/include/stdbool.h" 1 3 4
# 23 "@INCLUDE@/wasm.h" 2
# 1 "/usr/include/string.h" 1 3 4
# 26 "/usr/include/string.h" 3 4
# 1 "/usr/include/x86_64-linux-gnu/bits/libc-header-start.h" 1 3 4
# 27 "/usr/include/string.h" 2 3 4






# 1 "/usr/lib/gcc/x86_64-linux-gnu/12/include/stddef.h" 1 3 4
# 34 "/usr/include/string.h" 2 3 4
# 43 "/usr/include/string.h" 3 4
extern void *memcpy (void *__restrict __dest, const void *__restrict __src,
       size_t __n) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__nonnull__ (1, 2)));


extern void *memmove (void *__dest, const void *__src, size_t __n)
     __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__nonnull__ (1, 2)));
# 61 "/usr/include/string.h" 3 4
extern void *memset (void *__s, int __c, size_t __n) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__nonnull__ (1)));


extern int memcmp (const void *__s1, const void *__s2, size_t __n)
     __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__pure__)) __attribute__ ((__nonnull__ (1, 2)));
# 80 "/usr/include/string.h" 3 4
extern int __memcmpeq (const void *__s1, const void *__s2, size_t __n)
     __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__pure__)) __attribute__ ((__nonnull__ (1, 2)));
# 107 "/usr/include/string.h" 3 4
extern void *memchr (const void *__s, int __c, size_t __n)
      __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__pure__)) __attribute__ ((__nonnull__ (1)));
# 141 "/usr/include/string.h" 3 4
extern char *strcpy (char *__restrict __dest, const char *__restrict __src)
     __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__nonnull__ (1, 2)));

extern char *strncpy (char *__restrict __dest,
        const char *__restrict __src, size_t __n)
     __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__nonnull__ (1, 2)));


extern char *strcat (char *__restrict __dest, const char *__restrict __src)
     __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__nonnull__ (1, 2)));

extern char *strncat (char *__restrict __dest, const char *__restrict __src,
        size_t __n) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__nonnull__ (1, 2)));


extern int strcmp (const char *__s1, const char *__s2)
     __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__pure__)) __attribute__ ((__nonnull__ (1, 2)));

extern int strncmp (const char *__s1, const char *__s2, size_t __n)
     __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__pure__)) __attribute__ ((__nonnull__ (1, 2)));


extern int strcoll (const char *__s1, const char *__s2)
     __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__pure__)) __attribute__ ((__nonnull__ (1, 2)));

extern size_t strxfrm (char *__restrict __dest,
         const char *__restrict __src, size_t __n)
    __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__nonnull__ (2))) __attribute__ ((__access__ (__write_only__, 1, 3)));
# 246 "/usr/include/string.h" 3 4
extern char *strchr (const char *__s, int __c)
     __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__pure__)) __attribute__ ((__nonnull__ (1)));
# 273 "/usr/include/string.h" 3 4
extern char *strrchr (const char *__s, int __c)
     __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__pure__)) __attribute__ ((__nonnull__ (1)));
# 293 "/usr/include/string.h" 3 4
extern size_t strcspn (const char *__s, const char *__reject)
     __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__pure__)) __attribute__ ((__nonnull__ (1, 2)));


extern size_t strspn (const char *__s, const char *__accept)
     __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__pure__)) __attribute__ ((__nonnull__ (1, 2)));
# 323 "/usr/include/string.h" 3 4
extern char *strpbrk (const char *__s, const char *__accept)
     __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__pure__)) __attribute__ ((__nonnull__ (1, 2)));
# 350 "/usr/include/string.h" 3 4
extern char *strstr (const char *__haystack, const char *__needle)
     __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__pure__)) __attribute__ ((__nonnull__ (1, 2)));




extern char *strtok (char *__restrict __s, const char *__restrict __delim)
     __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__nonnull__ (2)));



extern char *__strtok_r (char *__restrict __s,
    const char *__restrict __delim,
    char **__restrict __save_ptr)
     __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__nonnull__ (2, 3)));
# 407 "/usr/include/string.h" 3 4
extern size_t strlen (const char *__s)
     __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__pure__)) __attribute__ ((__nonnull__ (1)));
# 419 "/usr/include/string.h" 3 4
extern char *strerror (int __errnum) __attribute__ ((__nothrow__ , __leaf__));
# 539 "/usr/include/string.h" 3 4

# 24 "@INCLUDE@/wasm.h" 2
# 1 "/usr/include/assert.h" 1 3 4
# 66 "/usr/include/assert.h" 3 4



extern void __assert_fail (const char *__assertion, const char *__file,
      unsigned int __line, const char *__function)
     __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));


extern void __assert_perror_fail (int __errnum, const char *__file,
      unsigned int __line, const char *__function)
     __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));




extern void __assert (const char *__assertion, const char *__file, int __line)
     __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__noreturn__));



# 25 "@INCLUDE@/wasm.h" 2
# 65 "@INCLUDE@/wasm.h"

# 65 "@INCLUDE@/wasm.h"
static inline void assertions(void) {
  _Static_assert(sizeof(float) == sizeof(uint32_t), "float must be 32 bits wide")
                                                  ;
  _Static_assert(sizeof(double) == sizeof(uint64_t), "double must be 64 bits wide")
                                                   ;
  _Static_assert(sizeof(intptr_t) == sizeof(uint32_t) || sizeof(intptr_t) == sizeof(uint64_t), "pointers must be 32 or 64 bits wide")

                                                           ;
}



typedef char byte_t;


typedef float float32_t;


typedef double float64_t;
# 148 "@INCLUDE@/wasm.h"
typedef byte_t wasm_byte_t;



typedef struct wasm_byte_vec_t { size_t size; wasm_byte_t * data; } wasm_byte_vec_t; void wasm_byte_vec_new_empty( wasm_byte_vec_t* out); void wasm_byte_vec_new_uninitialized( wasm_byte_vec_t* out, size_t); void wasm_byte_vec_new( wasm_byte_vec_t* out, size_t, wasm_byte_t const[]); void wasm_byte_vec_copy( wasm_byte_vec_t* out, const wasm_byte_vec_t*); void wasm_byte_vec_delete( wasm_byte_vec_t*);


typedef wasm_byte_vec_t wasm_name_t;
# 167 "@INCLUDE@/wasm.h"
static inline void wasm_name_new_from_string( wasm_name_t* out,
                                             const char* s) {
  wasm_byte_vec_new(out, strlen(s), s);
}



static inline void wasm_name_new_from_string_nt( wasm_name_t* out,
                                                const char* s) {
  wasm_byte_vec_new(out, strlen(s) + 1, s);
}
# 188 "@INCLUDE@/wasm.h"
typedef struct wasm_config_t wasm_config_t; void wasm_config_delete( wasm_config_t*);




 wasm_config_t* wasm_config_new(void);







typedef struct wasm_engine_t wasm_engine_t; void wasm_engine_delete( wasm_engine_t*);


 wasm_engine_t* wasm_engine_new(void);


 wasm_engine_t* wasm_engine_new_with_config( wasm_config_t*);
# 217 "@INCLUDE@/wasm.h"
typedef struct wasm_store_t wasm_store_t; void wasm_store_delete( wasm_store_t*);


 wasm_store_t* wasm_store_new(wasm_engine_t*);
# 230 "@INCLUDE@/wasm.h"
typedef uint8_t wasm_mutability_t;


enum wasm_mutability_enum {
  WASM_CONST,
  WASM_VAR
};



typedef struct wasm_limits_t {
  uint32_t min;
  uint32_t max;
} wasm_limits_t;


static const uint32_t wasm_limits_max_default = 0xffffffff;
# 266 "@INCLUDE@/wasm.h"
typedef struct wasm_valtype_t wasm_valtype_t; void wasm_valtype_delete( wasm_valtype_t*); typedef struct wasm_valtype_vec_t { size_t size; wasm_valtype_t ** data; } wasm_valtype_vec_t; void wasm_valtype_vec_new_empty( wasm_valtype_vec_t* out); void wasm_valtype_vec_new_uninitialized( wasm_valtype_vec_t* out, size_t); void wasm_valtype_vec_new( wasm_valtype_vec_t* out, size_t, wasm_valtype_t * const[]); void wasm_valtype_vec_copy( wasm_valtype_vec_t* out, const wasm_valtype_vec_t*); void wasm_valtype_vec_delete( wasm_valtype_vec_t*); wasm_valtype_t* wasm_valtype_copy(const wasm_valtype_t*);


typedef uint8_t wasm_valkind_t;


enum wasm_valkind_enum {
  WASM_I32,
  WASM_I64,
  WASM_F32,
  WASM_F64,
  WASM_EXTERNREF = 128,
  WASM_FUNCREF
};


 wasm_valtype_t* wasm_valtype_new(wasm_valkind_t);


 wasm_valkind_t wasm_valtype_kind(const wasm_valtype_t*);


static inline 
# 288 "@INCLUDE@/wasm.h" 3 4
             _Bool 
# 288 "@INCLUDE@/wasm.h"
                  wasm_valkind_is_num(wasm_valkind_t k) {
  return k < WASM_EXTERNREF;
}


static inline 
# 293 "@INCLUDE@/wasm.h" 3 4
             _Bool 
# 293 "@INCLUDE@/wasm.h"
                  wasm_valkind_is_ref(wasm_valkind_t k) {
  return k >= WASM_EXTERNREF;
}


static inline 
# 298 "@INCLUDE@/wasm.h" 3 4
             _Bool 
# 298 "@INCLUDE@/wasm.h"
                  wasm_valtype_is_num(const wasm_valtype_t* t) {
  return wasm_valkind_is_num(wasm_valtype_kind(t));
}


static inline 
# 303 "@INCLUDE@/wasm.h" 3 4
             _Bool 
# 303 "@INCLUDE@/wasm.h"
                  wasm_valtype_is_ref(const wasm_valtype_t* t) {
  return wasm_valkind_is_ref(wasm_valtype_kind(t));
}





typedef struct wasm_functype_t wasm_functype_t; void wasm_functype_delete( wasm_functype_t*); typedef struct wasm_functype_vec_t { size_t size; wasm_functype_t ** data; } wasm_functype_vec_t; void wasm_functype_vec_new_empty( wasm_functype_vec_t* out); void wasm_functype_vec_new_uninitialized( wasm_functype_vec_t* out, size_t); void wasm_functype_vec_new( wasm_functype_vec_t* out, size_t, wasm_functype_t * const[]); void wasm_functype_vec_copy( wasm_functype_vec_t* out, const wasm_functype_vec_t*); void wasm_functype_vec_delete( wasm_functype_vec_t*); wasm_functype_t* wasm_functype_copy(const wasm_functype_t*);



 wasm_functype_t* wasm_functype_new(
    wasm_valtype_vec_t* params, wasm_valtype_vec_t* results);


 const wasm_valtype_vec_t* wasm_functype_params(const wasm_functype_t*);


 const wasm_valtype_vec_t* wasm_functype_results(const wasm_functype_t*);





typedef struct wasm_globaltype_t wasm_globaltype_t; void wasm_globaltype_delete( wasm_globaltype_t*); typedef struct wasm_globaltype_vec_t { size_t size; wasm_globaltype_t ** data; } wasm_globaltype_vec_t; void wasm_globaltype_vec_new_empty( wasm_globaltype_vec_t* out); void wasm_globaltype_vec_new_uninitialized( wasm_globaltype_vec_t* out, size_t); void wasm_globaltype_vec_new( wasm_globaltype_vec_t* out, size_t, wasm_globaltype_t * const[]); void wasm_globaltype_vec_copy( wasm_globaltype_vec_t* out, const wasm_globaltype_vec_t*); void wasm_globaltype_vec_delete( wasm_globaltype_vec_t*); wasm_globaltype_t* wasm_globaltype_copy(const wasm_globaltype_t*);


 wasm_globaltype_t* wasm_globaltype_new(
    wasm_valtype_t*, wasm_mutability_t);


 const wasm_valtype_t* wasm_globaltype_content(const wasm_globaltype_t*);


 wasm_mutability_t wasm_globaltype_mutability(const wasm_globaltype_t*);





typedef struct wasm_tabletype_t wasm_tabletype_t; void wasm_tabletype_delete( wasm_tabletype_t*); typedef struct wasm_tabletype_vec_t { size_t size; wasm_tabletype_t ** data; } wasm_tabletype_vec_t; void wasm_tabletype_vec_new_empty( wasm_tabletype_vec_t* out); void wasm_tabletype_vec_new_uninitialized( wasm_tabletype_vec_t* out, size_t); void wasm_tabletype_vec_new( wasm_tabletype_vec_t* out, size_t, wasm_tabletype_t * const[]); void wasm_tabletype_vec_copy( wasm_tabletype_vec_t* out, const wasm_tabletype_vec_t*); void wasm_tabletype_vec_delete( wasm_tabletype_vec_t*); wasm_tabletype_t* wasm_tabletype_copy(const wasm_tabletype_t*);


 wasm_tabletype_t* wasm_tabletype_new(
    wasm_valtype_t*, const wasm_limits_t*);


 const wasm_valtype_t* wasm_tabletype_element(const wasm_tabletype_t*);


 const wasm_limits_t* wasm_tabletype_limits(const wasm_tabletype_t*);





typedef struct wasm_memorytype_t wasm_memorytype_t; void wasm_memorytype_delete( wasm_memorytype_t*); typedef struct wasm_memorytype_vec_t { size_t size; wasm_memorytype_t ** data; } wasm_memorytype_vec_t; void wasm_memorytype_vec_new_empty( wasm_memorytype_vec_t* out); void wasm_memorytype_vec_new_uninitialized( wasm_memorytype_vec_t* out, size_t); void wasm_memorytype_vec_new( wasm_memorytype_vec_t* out, size_t, wasm_memorytype_t * const[]); void wasm_memorytype_vec_copy( wasm_memorytype_vec_t* out, const wasm_memorytype_vec_t*); void wasm_memorytype_vec_delete( wasm_memorytype_vec_t*); wasm_memorytype_t* wasm_memorytype_copy(const wasm_memorytype_t*);


 wasm_memorytype_t* wasm_memorytype_new(const wasm_limits_t*);


 const wasm_limits_t* wasm_memorytype_limits(const wasm_memorytype_t*);






typedef struct wasm_externtype_t wasm_externtype_t; void wasm_externtype_delete( wasm_externtype_t*); typedef struct wasm_externtype_vec_t { size_t size; wasm_externtype_t ** data; } wasm_externtype_vec_t; void wasm_externtype_vec_new_empty( wasm_externtype_vec_t* out); void wasm_externtype_vec_new_uninitialized( wasm_externtype_vec_t* out, size_t); void wasm_externtype_vec_new( wasm_externtype_vec_t* out, size_t, wasm_externtype_t * const[]); void wasm_externtype_vec_copy( wasm_externtype_vec_t* out, const wasm_externtype_vec_t*); void wasm_externtype_vec_delete( wasm_externtype_vec_t*); wasm_externtype_t* wasm_externtype_copy(const wasm_externtype_t*);


typedef uint8_t wasm_externkind_t;


enum wasm_externkind_enum {
  WASM_EXTERN_FUNC,
  WASM_EXTERN_GLOBAL,
  WASM_EXTERN_TABLE,
  WASM_EXTERN_MEMORY
};


 wasm_externkind_t wasm_externtype_kind(const wasm_externtype_t*);





 wasm_externtype_t* wasm_functype_as_externtype(wasm_functype_t*);

 wasm_externtype_t* wasm_globaltype_as_externtype(wasm_globaltype_t*);

 wasm_externtype_t* wasm_tabletype_as_externtype(wasm_tabletype_t*);

 wasm_externtype_t* wasm_memorytype_as_externtype(wasm_memorytype_t*);





 wasm_functype_t* wasm_externtype_as_functype(wasm_externtype_t*);

 wasm_globaltype_t* wasm_externtype_as_globaltype(wasm_externtype_t*);

 wasm_tabletype_t* wasm_externtype_as_tabletype(wasm_externtype_t*);

 wasm_memorytype_t* wasm_externtype_as_memorytype(wasm_externtype_t*);




 const wasm_externtype_t* wasm_functype_as_externtype_const(const wasm_functype_t*);

 const wasm_externtype_t* wasm_globaltype_as_externtype_const(const wasm_globaltype_t*);

 const wasm_externtype_t* wasm_tabletype_as_externtype_const(const wasm_tabletype_t*);

 const wasm_externtype_t* wasm_memorytype_as_externtype_const(const wasm_memorytype_t*);




 const wasm_functype_t* wasm_externtype_as_functype_const(const wasm_externtype_t*);

 const wasm_globaltype_t* wasm_externtype_as_globaltype_const(const wasm_externtype_t*);

 const wasm_tabletype_t* wasm_externtype_as_tabletype_const(const wasm_externtype_t*);

 const wasm_memorytype_t* wasm_externtype_as_memorytype_const(const wasm_externtype_t*);






typedef struct wasm_importtype_t wasm_importtype_t; void wasm_importtype_delete( wasm_importtype_t*); typedef struct wasm_importtype_vec_t { size_t size; wasm_importtype_t ** data; } wasm_importtype_vec_t; void wasm_importtype_vec_new_empty( wasm_importtype_vec_t* out); void wasm_importtype_vec_new_uninitialized( wasm_importtype_vec_t* out, size_t); void wasm_importtype_vec_new( wasm_importtype_vec_t* out, size_t, wasm_importtype_t * const[]); void wasm_importtype_vec_copy( wasm_importtype_vec_t* out, const wasm_importtype_vec_t*); void wasm_importtype_vec_delete( wasm_importtype_vec_t*); wasm_importtype_t* wasm_importtype_copy(const wasm_importtype_t*);


 wasm_importtype_t* wasm_importtype_new(
    wasm_name_t* module, wasm_name_t* name, wasm_externtype_t*);


 const wasm_name_t* wasm_importtype_module(const wasm_importtype_t*);


 const wasm_name_t* wasm_importtype_name(const wasm_importtype_t*);


 const wasm_externtype_t* wasm_importtype_type(const wasm_importtype_t*);





typedef struct wasm_exporttype_t wasm_exporttype_t; void wasm_exporttype_delete( wasm_exporttype_t*); typedef struct wasm_exporttype_vec_t { size_t size; wasm_exporttype_t ** data; } wasm_exporttype_vec_t; void wasm_exporttype_vec_new_empty( wasm_exporttype_vec_t* out); void wasm_exporttype_vec_new_uninitialized( wasm_exporttype_vec_t* out, size_t); void wasm_exporttype_vec_new( wasm_exporttype_vec_t* out, size_t, wasm_exporttype_t * const[]); void wasm_exporttype_vec_copy( wasm_exporttype_vec_t* out, const wasm_exporttype_vec_t*); void wasm_exporttype_vec_delete( wasm_exporttype_vec_t*); wasm_exporttype_t* wasm_exporttype_copy(const wasm_exporttype_t*);


 wasm_exporttype_t* wasm_exporttype_new(
    wasm_name_t*, wasm_externtype_t*);


 const wasm_name_t* wasm_exporttype_name(const wasm_exporttype_t*);


 const wasm_externtype_t* wasm_exporttype_type(const wasm_exporttype_t*);
# 479 "@INCLUDE@/wasm.h"
struct wasm_ref_t;




typedef struct wasm_val_t {
  wasm_valkind_t kind;
  union {
    int32_t i32;
    int64_t i64;
    float32_t f32;
    float64_t f64;
    struct wasm_ref_t* ref;
  } of;
} wasm_val_t;



 void wasm_val_delete( wasm_val_t* v);


 void wasm_val_copy( wasm_val_t* out, const wasm_val_t*);


typedef struct wasm_val_vec_t { size_t size; wasm_val_t * data; } wasm_val_vec_t; void wasm_val_vec_new_empty( wasm_val_vec_t* out); void wasm_val_vec_new_uninitialized( wasm_val_vec_t* out, size_t); void wasm_val_vec_new( wasm_val_vec_t* out, size_t, wasm_val_t const[]); void wasm_val_vec_copy( wasm_val_vec_t* out, const wasm_val_vec_t*); void wasm_val_vec_delete( wasm_val_vec_t*);
# 566 "@INCLUDE@/wasm.h"
typedef struct wasm_ref_t wasm_ref_t; void wasm_ref_delete( wasm_ref_t*); wasm_ref_t* wasm_ref_copy(const wasm_ref_t*); 
# 566 "@INCLUDE@/wasm.h" 3 4
_Bool 
# 566 "@INCLUDE@/wasm.h"
wasm_ref_same(const wasm_ref_t*, const wasm_ref_t*); void* wasm_ref_get_host_info(const wasm_ref_t*); void wasm_ref_set_host_info(wasm_ref_t*, void*); void wasm_ref_set_host_info_with_finalizer( wasm_ref_t*, void*, void (*)(void*));







typedef struct wasm_frame_t wasm_frame_t; void wasm_frame_delete( wasm_frame_t*);


typedef struct wasm_frame_vec_t { size_t size; wasm_frame_t ** data; } wasm_frame_vec_t; void wasm_frame_vec_new_empty( wasm_frame_vec_t* out); void wasm_frame_vec_new_uninitialized( wasm_frame_vec_t* out, size_t); void wasm_frame_vec_new( wasm_frame_vec_t* out, size_t, wasm_frame_t * const[]); void wasm_frame_vec_copy( wasm_frame_vec_t* out, const wasm_frame_vec_t*); void wasm_frame_vec_delete( wasm_frame_vec_t*);


 wasm_frame_t* wasm_frame_copy(const wasm_frame_t*);


 struct wasm_instance_t* wasm_frame_instance(const wasm_frame_t*);


 uint32_t wasm_frame_func_index(const wasm_frame_t*);


 size_t wasm_frame_func_offset(const wasm_frame_t*);


 size_t wasm_frame_module_offset(const wasm_frame_t*);





typedef wasm_name_t wasm_message_t;


typedef struct wasm_trap_t wasm_trap_t; void wasm_trap_delete( wasm_trap_t*); wasm_trap_t* wasm_trap_copy(const wasm_trap_t*); 
# 601 "@INCLUDE@/wasm.h" 3 4
_Bool 
# 601 "@INCLUDE@/wasm.h"
wasm_trap_same(const wasm_trap_t*, const wasm_trap_t*); void* wasm_trap_get_host_info(const wasm_trap_t*); void wasm_trap_set_host_info(wasm_trap_t*, void*); void wasm_trap_set_host_info_with_finalizer( wasm_trap_t*, void*, void (*)(void*)); wasm_ref_t* wasm_trap_as_ref(wasm_trap_t*); wasm_trap_t* wasm_ref_as_trap(wasm_ref_t*); const wasm_ref_t* wasm_trap_as_ref_const(const wasm_trap_t*); const wasm_trap_t* wasm_ref_as_trap_const(const wasm_ref_t*);



 wasm_trap_t* wasm_trap_new(wasm_store_t* store, const wasm_message_t*);


 void wasm_trap_message(const wasm_trap_t*, wasm_message_t* out);



 wasm_frame_t* wasm_trap_origin(const wasm_trap_t*);



 void wasm_trap_trace(const wasm_trap_t*, wasm_frame_vec_t* out);






typedef struct wasm_foreign_t wasm_foreign_t; void wasm_foreign_delete( wasm_foreign_t*); wasm_foreign_t* wasm_foreign_copy(const wasm_foreign_t*); 
# 623 "@INCLUDE@/wasm.h" 3 4
_Bool 
# 623 "@INCLUDE@/wasm.h"
wasm_foreign_same(const wasm_foreign_t*, const wasm_foreign_t*); void* wasm_foreign_get_host_info(const wasm_foreign_t*); void wasm_foreign_set_host_info(wasm_foreign_t*, void*); void wasm_foreign_set_host_info_with_finalizer( wasm_foreign_t*, void*, void (*)(void*)); wasm_ref_t* wasm_foreign_as_ref(wasm_foreign_t*); wasm_foreign_t* wasm_ref_as_foreign(wasm_ref_t*); const wasm_ref_t* wasm_foreign_as_ref_const(const wasm_foreign_t*); const wasm_foreign_t* wasm_ref_as_foreign_const(const wasm_ref_t*);


 wasm_foreign_t* wasm_foreign_new(wasm_store_t*);
# 635 "@INCLUDE@/wasm.h"
typedef struct wasm_module_t wasm_module_t; void wasm_module_delete( wasm_module_t*); wasm_module_t* wasm_module_copy(const wasm_module_t*); 
# 635 "@INCLUDE@/wasm.h" 3 4
_Bool 
# 635 "@INCLUDE@/wasm.h"
wasm_module_same(const wasm_module_t*, const wasm_module_t*); void* wasm_module_get_host_info(const wasm_module_t*); void wasm_module_set_host_info(wasm_module_t*, void*); void wasm_module_set_host_info_with_finalizer( wasm_module_t*, void*, void (*)(void*)); wasm_ref_t* wasm_module_as_ref(wasm_module_t*); wasm_module_t* wasm_ref_as_module(wasm_ref_t*); const wasm_ref_t* wasm_module_as_ref_const(const wasm_module_t*); const wasm_module_t* wasm_ref_as_module_const(const wasm_ref_t*); typedef struct wasm_shared_module_t wasm_shared_module_t; void wasm_shared_module_delete( wasm_shared_module_t*); wasm_shared_module_t* wasm_module_share(const wasm_module_t*); wasm_module_t* wasm_module_obtain(wasm_store_t*, const wasm_shared_module_t*);




 wasm_module_t* wasm_module_new(
    wasm_store_t*, const wasm_byte_vec_t* binary);


 
# 644 "@INCLUDE@/wasm.h" 3 4
               _Bool 
# 644 "@INCLUDE@/wasm.h"
                    wasm_module_validate(wasm_store_t*, const wasm_byte_vec_t* binary);


 void wasm_module_imports(const wasm_module_t*, wasm_importtype_vec_t* out);


 void wasm_module_exports(const wasm_module_t*, wasm_exporttype_vec_t* out);




 void wasm_module_serialize(const wasm_module_t*, wasm_byte_vec_t* out);



 wasm_module_t* wasm_module_deserialize(wasm_store_t*, const wasm_byte_vec_t*);






typedef struct wasm_func_t wasm_func_t; void wasm_func_delete( wasm_func_t*); wasm_func_t* wasm_func_copy(const wasm_func_t*); 
# 666 "@INCLUDE@/wasm.h" 3 4
_Bool 
# 666 "@INCLUDE@/wasm.h"
wasm_func_same(const wasm_func_t*, const wasm_func_t*); void* wasm_func_get_host_info(const wasm_func_t*); void wasm_func_set_host_info(wasm_func_t*, void*); void wasm_func_set_host_info_with_finalizer( wasm_func_t*, void*, void (*)(void*)); wasm_ref_t* wasm_func_as_ref(wasm_func_t*); wasm_func_t* wasm_ref_as_func(wasm_ref_t*); const wasm_ref_t* wasm_func_as_ref_const(const wasm_func_t*); const wasm_func_t* wasm_ref_as_func_const(const wasm_ref_t*);





typedef wasm_trap_t* (*wasm_func_callback_t)(
    const wasm_val_vec_t* args, wasm_val_vec_t* results);



typedef wasm_trap_t* (*wasm_func_callback_with_env_t)(
    void* env, const wasm_val_vec_t* args, wasm_val_vec_t* results);


 wasm_func_t* wasm_func_new(
    wasm_store_t*, const wasm_functype_t*, wasm_func_callback_t);




 wasm_func_t* wasm_func_new_with_env(
    wasm_store_t*, const wasm_functype_t* type, wasm_func_callback_with_env_t,
    void* env, void (*finalizer)(void*));


 wasm_functype_t* wasm_func_type(const wasm_func_t*);


 size_t wasm_func_param_arity(const wasm_func_t*);


 size_t wasm_func_result_arity(const wasm_func_t*);




 wasm_trap_t* wasm_func_call(
    const wasm_func_t*, const wasm_val_vec_t* args, wasm_val_vec_t* results);





typedef struct wasm_global_t wasm_global_t; void wasm_global_delete( wasm_global_t*); wasm_global_t* wasm_global_copy(const wasm_global_t*); 
# 710 "@INCLUDE@/wasm.h" 3 4
_Bool 
# 710 "@INCLUDE@/wasm.h"
wasm_global_same(const wasm_global_t*, const wasm_global_t*); void* wasm_global_get_host_info(const wasm_global_t*); void wasm_global_set_host_info(wasm_global_t*, void*); void wasm_global_set_host_info_with_finalizer( wasm_global_t*, void*, void (*)(void*)); wasm_ref_t* wasm_global_as_ref(wasm_global_t*); wasm_global_t* wasm_ref_as_global(wasm_ref_t*); const wasm_ref_t* wasm_global_as_ref_const(const wasm_global_t*); const wasm_global_t* wasm_ref_as_global_const(const wasm_ref_t*);


 wasm_global_t* wasm_global_new(
    wasm_store_t*, const wasm_globaltype_t*, const wasm_val_t*);


 wasm_globaltype_t* wasm_global_type(const wasm_global_t*);



 void wasm_global_get(const wasm_global_t*, wasm_val_t* out);



 void wasm_global_set(wasm_global_t*, const wasm_val_t*);





typedef struct wasm_table_t wasm_table_t; void wasm_table_delete( wasm_table_t*); wasm_table_t* wasm_table_copy(const wasm_table_t*); 
# 731 "@INCLUDE@/wasm.h" 3 4
_Bool 
# 731 "@INCLUDE@/wasm.h"
wasm_table_same(const wasm_table_t*, const wasm_table_t*); void* wasm_table_get_host_info(const wasm_table_t*); void wasm_table_set_host_info(wasm_table_t*, void*); void wasm_table_set_host_info_with_finalizer( wasm_table_t*, void*, void (*)(void*)); wasm_ref_t* wasm_table_as_ref(wasm_table_t*); wasm_table_t* wasm_ref_as_table(wasm_ref_t*); const wasm_ref_t* wasm_table_as_ref_const(const wasm_table_t*); const wasm_table_t* wasm_ref_as_table_const(const wasm_ref_t*);


typedef uint32_t wasm_table_size_t;



 wasm_table_t* wasm_table_new(
    wasm_store_t*, const wasm_tabletype_t*, wasm_ref_t* init);


 wasm_tabletype_t* wasm_table_type(const wasm_table_t*);



 wasm_ref_t* wasm_table_get(const wasm_table_t*, wasm_table_size_t index);



 
# 750 "@INCLUDE@/wasm.h" 3 4
               _Bool 
# 750 "@INCLUDE@/wasm.h"
                    wasm_table_set(wasm_table_t*, wasm_table_size_t index, wasm_ref_t*);


 wasm_table_size_t wasm_table_size(const wasm_table_t*);



 
# 757 "@INCLUDE@/wasm.h" 3 4
               _Bool 
# 757 "@INCLUDE@/wasm.h"
                    wasm_table_grow(wasm_table_t*, wasm_table_size_t delta, wasm_ref_t* init);





typedef struct wasm_memory_t wasm_memory_t; void wasm_memory_delete( wasm_memory_t*); wasm_memory_t* wasm_memory_copy(const wasm_memory_t*); 
# 763 "@INCLUDE@/wasm.h" 3 4
_Bool 
# 763 "@INCLUDE@/wasm.h"
wasm_memory_same(const wasm_memory_t*, const wasm_memory_t*); void* wasm_memory_get_host_info(const wasm_memory_t*); void wasm_memory_set_host_info(wasm_memory_t*, void*); void wasm_memory_set_host_info_with_finalizer( wasm_memory_t*, void*, void (*)(void*)); wasm_ref_t* wasm_memory_as_ref(wasm_memory_t*); wasm_memory_t* wasm_ref_as_memory(wasm_ref_t*); const wasm_ref_t* wasm_memory_as_ref_const(const wasm_memory_t*); const wasm_memory_t* wasm_ref_as_memory_const(const wasm_ref_t*);


typedef uint32_t wasm_memory_pages_t;


static const size_t MEMORY_PAGE_SIZE = 0x10000;


 wasm_memory_t* wasm_memory_new(wasm_store_t*, const wasm_memorytype_t*);


 wasm_memorytype_t* wasm_memory_type(const wasm_memory_t*);



 byte_t* wasm_memory_data(wasm_memory_t*);


 size_t wasm_memory_data_size(const wasm_memory_t*);


 wasm_memory_pages_t wasm_memory_size(const wasm_memory_t*);


 
# 788 "@INCLUDE@/wasm.h" 3 4
               _Bool 
# 788 "@INCLUDE@/wasm.h"
                    wasm_memory_grow(wasm_memory_t*, wasm_memory_pages_t delta);






typedef struct wasm_extern_t wasm_extern_t; void wasm_extern_delete( wasm_extern_t*); wasm_extern_t* wasm_extern_copy(const wasm_extern_t*); 
# 795 "@INCLUDE@/wasm.h" 3 4
_Bool 
# 795 "@INCLUDE@/wasm.h"
wasm_extern_same(const wasm_extern_t*, const wasm_extern_t*); void* wasm_extern_get_host_info(const wasm_extern_t*); void wasm_extern_set_host_info(wasm_extern_t*, void*); void wasm_extern_set_host_info_with_finalizer( wasm_extern_t*, void*, void (*)(void*)); wasm_ref_t* wasm_extern_as_ref(wasm_extern_t*); wasm_extern_t* wasm_ref_as_extern(wasm_ref_t*); const wasm_ref_t* wasm_extern_as_ref_const(const wasm_extern_t*); const wasm_extern_t* wasm_ref_as_extern_const(const wasm_ref_t*);


typedef struct wasm_extern_vec_t { size_t size; wasm_extern_t ** data; } wasm_extern_vec_t; void wasm_extern_vec_new_empty( wasm_extern_vec_t* out); void wasm_extern_vec_new_uninitialized( wasm_extern_vec_t* out, size_t); void wasm_extern_vec_new( wasm_extern_vec_t* out, size_t, wasm_extern_t * const[]); void wasm_extern_vec_copy( wasm_extern_vec_t* out, const wasm_extern_vec_t*); void wasm_extern_vec_delete( wasm_extern_vec_t*);


 wasm_externkind_t wasm_extern_kind(const wasm_extern_t*);


 wasm_externtype_t* wasm_extern_type(const wasm_extern_t*);




 wasm_extern_t* wasm_func_as_extern(wasm_func_t*);

 wasm_extern_t* wasm_global_as_extern(wasm_global_t*);

 wasm_extern_t* wasm_table_as_extern(wasm_table_t*);

 wasm_extern_t* wasm_memory_as_extern(wasm_memory_t*);





 wasm_func_t* wasm_extern_as_func(wasm_extern_t*);

 wasm_global_t* wasm_extern_as_global(wasm_extern_t*);

 wasm_table_t* wasm_extern_as_table(wasm_extern_t*);

 wasm_memory_t* wasm_extern_as_memory(wasm_extern_t*);




 const wasm_extern_t* wasm_func_as_extern_const(const wasm_func_t*);

 const wasm_extern_t* wasm_global_as_extern_const(const wasm_global_t*);

 const wasm_extern_t* wasm_table_as_extern_const(const wasm_table_t*);

 const wasm_extern_t* wasm_memory_as_extern_const(const wasm_memory_t*);




 const wasm_func_t* wasm_extern_as_func_const(const wasm_extern_t*);

 const wasm_global_t* wasm_extern_as_global_const(const wasm_extern_t*);

 const wasm_table_t* wasm_extern_as_table_const(const wasm_extern_t*);

 const wasm_memory_t* wasm_extern_as_memory_const(const wasm_extern_t*);





typedef struct wasm_instance_t wasm_instance_t; void wasm_instance_delete( wasm_instance_t*); wasm_instance_t* wasm_instance_copy(const wasm_instance_t*); 
# 855 "@INCLUDE@/wasm.h" 3 4
_Bool 
# 855 "@INCLUDE@/wasm.h"
wasm_instance_same(const wasm_instance_t*, const wasm_instance_t*); void* wasm_instance_get_host_info(const wasm_instance_t*); void wasm_instance_set_host_info(wasm_instance_t*, void*); void wasm_instance_set_host_info_with_finalizer( wasm_instance_t*, void*, void (*)(void*)); wasm_ref_t* wasm_instance_as_ref(wasm_instance_t*); wasm_instance_t* wasm_ref_as_instance(wasm_ref_t*); const wasm_ref_t* wasm_instance_as_ref_const(const wasm_instance_t*); const wasm_instance_t* wasm_ref_as_instance_const(const wasm_ref_t*);





 wasm_instance_t* wasm_instance_new(
    wasm_store_t*, const wasm_module_t*, const wasm_extern_vec_t* imports,
    wasm_trap_t**);



 void wasm_instance_exports(const wasm_instance_t*, wasm_extern_vec_t* out);
# 887 "@INCLUDE@/wasm.h"
static inline wasm_valtype_t* wasm_valtype_new_i32(void) {
  return wasm_valtype_new(WASM_I32);
}


static inline wasm_valtype_t* wasm_valtype_new_i64(void) {
  return wasm_valtype_new(WASM_I64);
}


static inline wasm_valtype_t* wasm_valtype_new_f32(void) {
  return wasm_valtype_new(WASM_F32);
}


static inline wasm_valtype_t* wasm_valtype_new_f64(void) {
  return wasm_valtype_new(WASM_F64);
}


static inline wasm_valtype_t* wasm_valtype_new_externref(void) {
  return wasm_valtype_new(WASM_EXTERNREF);
}


static inline wasm_valtype_t* wasm_valtype_new_funcref(void) {
  return wasm_valtype_new(WASM_FUNCREF);
}







static inline wasm_functype_t* wasm_functype_new_0_0(void) {
  wasm_valtype_vec_t params, results;
  wasm_valtype_vec_new_empty(&params);
  wasm_valtype_vec_new_empty(&results);
  return wasm_functype_new(&params, &results);
}


static inline wasm_functype_t* wasm_functype_new_1_0(
    wasm_valtype_t* p) {
  wasm_valtype_t* in[1] = {p};
  wasm_valtype_vec_t params, results;
  wasm_valtype_vec_new(&params, 1, in);
  wasm_valtype_vec_new_empty(&results);
  return wasm_functype_new(&params, &results);
}


static inline wasm_functype_t* wasm_functype_new_2_0(
    wasm_valtype_t* p1, wasm_valtype_t* p2) {
  wasm_valtype_t* in[2] = {p1, p2};
  wasm_valtype_vec_t params, results;
  wasm_valtype_vec_new(&params, 2, in);
  wasm_valtype_vec_new_empty(&results);
  return wasm_functype_new(&params, &results);
}


static inline wasm_functype_t* wasm_functype_new_3_0(
    wasm_valtype_t* p1, wasm_valtype_t* p2, wasm_valtype_t* p3) {
  wasm_valtype_t* in[3] = {p1, p2, p3};
  wasm_valtype_vec_t params, results;
  wasm_valtype_vec_new(&params, 3, in);
  wasm_valtype_vec_new_empty(&results);
  return wasm_functype_new(&params, &results);
}


static inline wasm_functype_t* wasm_functype_new_0_1(
    wasm_valtype_t* r) {
  wasm_valtype_t* out[1] = {r};
  wasm_valtype_vec_t params, results;
  wasm_valtype_vec_new_empty(&params);
  wasm_valtype_vec_new(&results, 1, out);
  return wasm_functype_new(&params, &results);
}


static inline wasm_functype_t* wasm_functype_new_1_1(
    wasm_valtype_t* p, wasm_valtype_t* r) {
  wasm_valtype_t* in[1] = {p};
  wasm_valtype_t* out[1] = {r};
  wasm_valtype_vec_t params, results;
  wasm_valtype_vec_new(&params, 1, in);
  wasm_valtype_vec_new(&results, 1, out);
  return wasm_functype_new(&params, &results);
}


static inline wasm_functype_t* wasm_functype_new_2_1(
    wasm_valtype_t* p1, wasm_valtype_t* p2, wasm_valtype_t* r) {
  wasm_valtype_t* in[2] = {p1, p2};
  wasm_valtype_t* out[1] = {r};
  wasm_valtype_vec_t params, results;
  wasm_valtype_vec_new(&params, 2, in);
  wasm_valtype_vec_new(&results, 1, out);
  return wasm_functype_new(&params, &results);
}


static inline wasm_functype_t* wasm_functype_new_3_1(
    wasm_valtype_t* p1, wasm_valtype_t* p2, wasm_valtype_t* p3,
    wasm_valtype_t* r) {
  wasm_valtype_t* in[3] = {p1, p2, p3};
  wasm_valtype_t* out[1] = {r};
  wasm_valtype_vec_t params, results;
  wasm_valtype_vec_new(&params, 3, in);
  wasm_valtype_vec_new(&results, 1, out);
  return wasm_functype_new(&params, &results);
}


static inline wasm_functype_t* wasm_functype_new_0_2(
    wasm_valtype_t* r1, wasm_valtype_t* r2) {
  wasm_valtype_t* out[2] = {r1, r2};
  wasm_valtype_vec_t params, results;
  wasm_valtype_vec_new_empty(&params);
  wasm_valtype_vec_new(&results, 2, out);
  return wasm_functype_new(&params, &results);
}


static inline wasm_functype_t* wasm_functype_new_1_2(
    wasm_valtype_t* p, wasm_valtype_t* r1, wasm_valtype_t* r2) {
  wasm_valtype_t* in[1] = {p};
  wasm_valtype_t* out[2] = {r1, r2};
  wasm_valtype_vec_t params, results;
  wasm_valtype_vec_new(&params, 1, in);
  wasm_valtype_vec_new(&results, 2, out);
  return wasm_functype_new(&params, &results);
}


static inline wasm_functype_t* wasm_functype_new_2_2(
    wasm_valtype_t* p1, wasm_valtype_t* p2,
    wasm_valtype_t* r1, wasm_valtype_t* r2) {
  wasm_valtype_t* in[2] = {p1, p2};
  wasm_valtype_t* out[2] = {r1, r2};
  wasm_valtype_vec_t params, results;
  wasm_valtype_vec_new(&params, 2, in);
  wasm_valtype_vec_new(&results, 2, out);
  return wasm_functype_new(&params, &results);
}


static inline wasm_functype_t* wasm_functype_new_3_2(
    wasm_valtype_t* p1, wasm_valtype_t* p2, wasm_valtype_t* p3,
    wasm_valtype_t* r1, wasm_valtype_t* r2) {
  wasm_valtype_t* in[3] = {p1, p2, p3};
  wasm_valtype_t* out[2] = {r1, r2};
  wasm_valtype_vec_t params, results;
  wasm_valtype_vec_new(&params, 3, in);
  wasm_valtype_vec_new(&results, 2, out);
  return wasm_functype_new(&params, &results);
}






static inline void wasm_val_init_ptr( wasm_val_t* out, void* p) {




  out->kind = WASM_I64;
  out->of.i64 = (intptr_t)p;

}


static inline void* wasm_val_ptr(const wasm_val_t* val) {



  return (void*)(intptr_t)val->of.i64;

}
# 0 "<command-line>" 2
# 1 "@INCLUDE@/wacapi.h" 1
# 9 "@INCLUDE@/wacapi.h"
# 1 "@INCLUDE@/wasm.h" 1
# 10 "@INCLUDE@/wacapi.h" 2




typedef struct wacapi_linker_t wacapi_linker_t;







typedef struct wacapi_wasi_config_t wacapi_wasi_config_t;







const char *wacapi_last_error(void);
# 39 "@INCLUDE@/wacapi.h"

# 39 "@INCLUDE@/wacapi.h" 3 4
_Bool 
# 39 "@INCLUDE@/wacapi.h"
    wacapi_trap_exit_code(const wasm_trap_t *trap, int32_t *code);





void wacapi_config_consume_fuel(wasm_config_t *config, 
# 45 "@INCLUDE@/wacapi.h" 3 4
                                                      _Bool 
# 45 "@INCLUDE@/wacapi.h"
                                                           enable);
# 56 "@INCLUDE@/wacapi.h"

# 56 "@INCLUDE@/wacapi.h" 3 4
_Bool 
# 56 "@INCLUDE@/wacapi.h"
    wacapi_store_set_fuel(wasm_store_t *store, uint64_t fuel);
# 65 "@INCLUDE@/wacapi.h"

# 65 "@INCLUDE@/wacapi.h" 3 4
_Bool 
# 65 "@INCLUDE@/wacapi.h"
    wacapi_store_get_fuel(const wasm_store_t *store, uint64_t *out);
# 79 "@INCLUDE@/wacapi.h"
void wacapi_store_set_max_memory(wasm_store_t *store, size_t bytes);



struct wacapi_linker_t *wacapi_linker_new(const wasm_store_t *store);


void wacapi_linker_delete(struct wacapi_linker_t *linker);




void wacapi_linker_allow_shadowing(struct wacapi_linker_t *linker, 
# 91 "@INCLUDE@/wacapi.h" 3 4
                                                                  _Bool 
# 91 "@INCLUDE@/wacapi.h"
                                                                       allow);
# 101 "@INCLUDE@/wacapi.h"

# 101 "@INCLUDE@/wacapi.h" 3 4
_Bool 
# 101 "@INCLUDE@/wacapi.h"
    wacapi_linker_define(struct wacapi_linker_t *linker,
                          const wasm_name_t *module,
                          const wasm_name_t *name,
                          const wasm_extern_t *item);
# 113 "@INCLUDE@/wacapi.h"

# 113 "@INCLUDE@/wacapi.h" 3 4
_Bool 
# 113 "@INCLUDE@/wacapi.h"
    wacapi_linker_define_instance(struct wacapi_linker_t *linker,
                                   const wasm_name_t *module,
                                   const wasm_instance_t *instance);
# 126 "@INCLUDE@/wacapi.h"

# 126 "@INCLUDE@/wacapi.h" 3 4
_Bool 
# 126 "@INCLUDE@/wacapi.h"
    wacapi_linker_define_wasi(struct wacapi_linker_t *linker, struct wacapi_wasi_config_t *config);
# 137 "@INCLUDE@/wacapi.h"
wasm_extern_t *wacapi_linker_get(const struct wacapi_linker_t *linker,
                                 const wasm_name_t *module,
                                 const wasm_name_t *name);
# 151 "@INCLUDE@/wacapi.h"
wasm_instance_t *wacapi_linker_instantiate(const struct wacapi_linker_t *linker,
                                           const wasm_module_t *module,
                                           wasm_trap_t **trap);



struct wacapi_wasi_config_t *wacapi_wasi_config_new(void);



void wacapi_wasi_config_delete(struct wacapi_wasi_config_t *config);








# 169 "@INCLUDE@/wacapi.h" 3 4
_Bool 
# 169 "@INCLUDE@/wacapi.h"
    wacapi_wasi_config_set_argv(struct wacapi_wasi_config_t *config,
                                 size_t argc,
                                 const char *const *argv);



void wacapi_wasi_config_inherit_argv(struct wacapi_wasi_config_t *config);
# 185 "@INCLUDE@/wacapi.h"

# 185 "@INCLUDE@/wacapi.h" 3 4
_Bool 
# 185 "@INCLUDE@/wacapi.h"
    wacapi_wasi_config_set_env(struct wacapi_wasi_config_t *config,
                                size_t count,
                                const char *const *names,
                                const char *const *values);





void wacapi_wasi_config_inherit_env(struct wacapi_wasi_config_t *config);







# 201 "@INCLUDE@/wacapi.h" 3 4
_Bool 
# 201 "@INCLUDE@/wacapi.h"
    wacapi_wasi_config_set_stdin_bytes(struct wacapi_wasi_config_t *config,
                                        const wasm_byte_vec_t *bytes);


void wacapi_wasi_config_inherit_stdin(struct wacapi_wasi_config_t *config);


void wacapi_wasi_config_inherit_stdout(struct wacapi_wasi_config_t *config);



void wacapi_wasi_config_capture_stdout(struct wacapi_wasi_config_t *config);


void wacapi_wasi_config_inherit_stderr(struct wacapi_wasi_config_t *config);



void wacapi_wasi_config_capture_stderr(struct wacapi_wasi_config_t *config);
# 232 "@INCLUDE@/wacapi.h"

# 232 "@INCLUDE@/wacapi.h" 3 4
_Bool 
# 232 "@INCLUDE@/wacapi.h"
    wacapi_wasi_config_preopen_dir(struct wacapi_wasi_config_t *config,
                                    const char *host_path,
                                    const char *guest_path,
                                    
# 235 "@INCLUDE@/wacapi.h" 3 4
                                   _Bool 
# 235 "@INCLUDE@/wacapi.h"
                                        read_only);
# 244 "@INCLUDE@/wacapi.h"

# 244 "@INCLUDE@/wacapi.h" 3 4
_Bool 
# 244 "@INCLUDE@/wacapi.h"
    wacapi_wasi_stdout(const wasm_store_t *store, wasm_byte_vec_t *out);






# 250 "@INCLUDE@/wacapi.h" 3 4
_Bool 
# 250 "@INCLUDE@/wacapi.h"
    wacapi_wasi_stderr(const wasm_store_t *store, wasm_byte_vec_t *out);







# 257 "@INCLUDE@/wacapi.h" 3 4
_Bool 
# 257 "@INCLUDE@/wacapi.h"
    wacapi_wat2wasm(const wasm_byte_vec_t *wat, wasm_byte_vec_t *out);
# 0 "<command-line>" 2
# 1 "/dev/null"
