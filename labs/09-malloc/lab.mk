PROGRAMS      := demo allocbench
allocbench_SRCS := allocbench.c
demo_SRCS     := demo.c frag.c heapwalk.c threads.c allocators.c
demo_LDLIBS   := -pthread
