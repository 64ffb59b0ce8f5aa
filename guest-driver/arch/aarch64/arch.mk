# aarch64 (QEMU virt): images are flat binaries that start with the arm64
# Linux Image header, so that QEMU's -kernel loads them at RAM + text_offset
# and passes the device tree's address in x0 (see boot.S).
GUEST_ARCH_CFLAGS  := -mcpu=cortex-a57 -mstrict-align
GUEST_ARCH_LDFLAGS := -m aarch64elf
GUEST_IMAGE_EXT    := img

$(GB)/%.img: $(GB)/%.elf
	$(GUEST_OBJCOPY) -O binary $< $@
