# x86-64: images are ELF32 containers of 64-bit code, which is what QEMU's
# multiboot loader accepts (it refuses EM_X86_64).
GUEST_ARCH_CFLAGS  := -m64 -mno-red-zone
GUEST_ARCH_LDFLAGS := -m elf_x86_64
GUEST_IMAGE_EXT    := flat

$(GB)/%.flat: $(GB)/%.elf
	$(GUEST_OBJCOPY) -O elf32-i386 $< $@
