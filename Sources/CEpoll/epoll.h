// Linux's epoll, which Glibc's Swift module leaves out: the simulator's closed loop waits on
// a thousand sockets with it.
#include <sys/epoll.h>
