/* hog N: allocate and touch N MiB, one at a time; exit 0 when all of it fit. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
int main(int argc, char **argv) {
    long n = argc > 1 ? atol(argv[1]) : 100;
    for (long i = 0; i < n; i++) {
        char *p = malloc(1 << 20);
        if (!p) return 2;
        memset(p, 7, 1 << 20);
    }
    printf("hog: %ld MiB held\n", n);
    return 0;
}
