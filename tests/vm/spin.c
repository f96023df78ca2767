/* spin SECONDS: burn CPU for that long (wall clock); print the CPU time it got per wall second. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
static double now(clockid_t c) { struct timespec t; clock_gettime(c, &t); return t.tv_sec + t.tv_nsec / 1e9; }
int main(int argc, char **argv) {
    double secs = argc > 1 ? atof(argv[1]) : 2, start = now(CLOCK_MONOTONIC);
    volatile unsigned long x = 0;
    while (now(CLOCK_MONOTONIC) - start < secs) for (int i = 0; i < 100000; i++) x++;
    printf("ratio=%.2f\n", now(CLOCK_PROCESS_CPUTIME_ID) / secs);
    return 0;
}
