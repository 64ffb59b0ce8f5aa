# Read by make after the kernel tree's own tools/testing/selftests/kvm/Makefile
# (host.mk runs it there with -f Makefile -f this file), so that the KVM
# selftests library is built by the tree's rules, with the tree's flags, from
# whatever sources that tree lists (lib/x86_64 in 6.12, lib/x86 in 7.2).
#   faultline-libkvm   the library's objects under $(OUTPUT)
#   faultline-prog     FAULTLINE_SRC compiled with the tree's CFLAGS and linked
#                      static (the test VM's initramfs has no libc) with
#                      FAULTLINE_OBJS (our helpers, built by host.mk) and the
#                      library, into FAULTLINE_OUT
# FAULTLINE_CFLAGS (our warnings, our include directory) applies to our own
# source only: the library is the tree's code, built as the tree builds it,
# and its headers are system headers to our program (-isystem for each -I of
# the tree's, but not for $(<D), our source's directory).  No dependency
# files: host.mk tracks ours.
.PHONY: faultline-libkvm faultline-prog
faultline-libkvm: $(LIBKVM_OBJS)

faultline-prog: $(FAULTLINE_SRC) $(FAULTLINE_OBJS) $(LIBKVM_OBJS)
	$(CC) $(patsubst -I%,-isystem %,$(filter-out -MD -MP -I$(<D),$(CFLAGS))) $(FAULTLINE_CFLAGS) \
		-static $(LDFLAGS) $(FAULTLINE_SRC) $(FAULTLINE_OBJS) $(LIBKVM_OBJS) $(LDLIBS) -o $(FAULTLINE_OUT)
