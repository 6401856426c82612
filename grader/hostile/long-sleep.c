/*
 * hostile: sleeps for an hour before main, on every run, through a raw system call that no symbol names
 * expect: fail wall clock|was not run
 */
/* nanosleep(2) called by number: nm sees no "sleep", so the allow-list
 * lets it by, and only the sandbox's wall-clock limit can stop it. */
static void __attribute__((constructor)) hostile_sleep(void)
{
	static const struct { long sec, nsec; } hour = { 3600, 0 };
#if defined(__x86_64__)
	long ret = 35; /* __NR_nanosleep */
	__asm__ volatile("syscall" : "+a"(ret) : "D"(&hour), "S"(0L) : "rcx", "r11", "memory");
#elif defined(__aarch64__)
	register long x8 __asm__("x8") = 101; /* __NR_nanosleep */
	register long x0 __asm__("x0") = (long)&hour;
	register long x1 __asm__("x1") = 0;
	__asm__ volatile("svc 0" : "+r"(x0) : "r"(x8), "r"(x1) : "memory");
#else
	for (;;)
		__asm__ volatile("");
#endif
}
