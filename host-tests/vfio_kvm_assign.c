// SPDX-License-Identifier: GPL-2.0
/*
 * edu assigned to a VM of our own, as QEMU assigns a VFIO device to a KVM
 * guest, built on the kernel tree's KVM selftests library (host.mk,
 * kvm_lib.mk): guest RAM is mapped for edu's DMA at IOVA = guest-physical
 * address, edu's BAR0 (the VFIO mmap) is a memory slot of the VM, and edu's
 * file is on the VM's kvm-vfio device.  Code in the guest programs edu.  A
 * transfer into guest RAM must land; one to a guest-physical address outside
 * every slot and mapping must not, and must fault at the IOMMU in front of
 * edu (virtio-iommu or VT-d in the test VM), whose driver reports it with
 * edu's requester ID and the address, as in vfio_paths.c; the VM and edu
 * then go on working.  A VM without /dev/kvm skips.  The IDs above each test
 * are in host-tests/statements.txt.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "kvm_util.h"
#include "processor.h"
#include "ucall_common.h"
#include "kselftest_harness.h"
#include "clock.h"
#include "vfio_fixture.h"

/*
 * Guest-physical layout, identity-mapped in the guest's page tables.  The
 * DMA slot lies above slot 0 (the library's, a few MiB) and, like the hole,
 * below edu's 28-bit dma_mask (EDU_IOVA_LIMIT); BAR0 lies far above.
 */
#define DMA_SLOT 1
#define BAR_SLOT 2
#define DMA_GPA 0x4000000ULL
#define DMA_PAGES 4
#define GPA_SRC DMA_GPA
#define GPA_DST (DMA_GPA + PAGE)
#define GPA_AFTER (DMA_GPA + 2 * PAGE)
/* In no slot and no IOMMU mapping; inside the page, as in vfio_paths.c. */
#define GPA_FAULT (0x6000000ULL + 0x124)
#define BAR_GPA 0x80000000ULL

/* What the guest reports (GUEST_SYNC), in order; WAIT while edu is busy. */
enum stage { STAGE_WAIT = 1, STAGE_LANDED, STAGE_FAULTED, STAGE_DONE };
/* The guest hands over to the host every so many polls of edu: the host's
 * clock bounds the wait (EDU_DMA_LIMIT_MS per transfer). */
#define POLLS_PER_SYNC 1000
#define STAGE_LIMIT_MS (2 * EDU_DMA_LIMIT_MS)

static uint32_t guest_read32(unsigned int reg)
{
	return *(volatile uint32_t *)(BAR_GPA + reg);
}

static void guest_write64(unsigned int reg, uint64_t v)
{
	*(volatile uint64_t *)(BAR_GPA + reg) = v;
}

/* guest_dma: one transfer by edu, as edu_dma() does it from user space. */
static void guest_dma(uint64_t src, uint64_t dst, uint32_t count, int to_ram)
{
	guest_write64(EDU_REG_DMA_SRC, src);
	guest_write64(EDU_REG_DMA_DST, dst);
	guest_write64(EDU_REG_DMA_CNT, count);
	guest_write64(EDU_REG_DMA_CMD, EDU_DMA_RUN | (to_ram ? EDU_DMA_TO_RAM : 0));
	for (unsigned long n = 1; guest_read32(EDU_REG_DMA_CMD) & EDU_DMA_RUN; n++)
		if (n % POLLS_PER_SYNC == 0)
			GUEST_SYNC(STAGE_WAIT);
}

/* guest_round_trip DST: XFER bytes of the guest's pattern from GPA_SRC to
 * edu and back to DST; the guest sees them arrive. */
static void guest_round_trip(uint64_t dst)
{
	const volatile uint8_t *src = (const uint8_t *)GPA_SRC, *got = (const uint8_t *)dst;

	guest_dma(GPA_SRC, EDU_BUF_ADDR, XFER, 0);
	guest_dma(EDU_BUF_ADDR, dst, XFER, 1);
	for (int i = 0; i < XFER; i++)
		GUEST_ASSERT_EQ(got[i], src[i]);
}

static void guest_code(void)
{
	volatile uint8_t *src = (uint8_t *)GPA_SRC;

	GUEST_ASSERT_EQ(guest_read32(EDU_REG_ID), EDU_ID_VALUE);
	for (int i = 0; i < PAGE; i++)
		src[i] = (uint8_t)(i * 7 + 1);
	guest_round_trip(GPA_DST);
	GUEST_SYNC(STAGE_LANDED);
	guest_dma(EDU_BUF_ADDR, GPA_FAULT, FAULT_XFER, 1);
	GUEST_SYNC(STAGE_FAULTED);
	guest_round_trip(GPA_AFTER);
	GUEST_SYNC(STAGE_DONE);
	GUEST_DONE();
}

FIXTURE(assign) {
	struct vfio_env e;
	struct kvm_vm *vm;
	struct kvm_vcpu *vcpu;
	uint8_t *ram;	/* the DMA slot, as the host sees it */
	int kvm_vfio;
};

FIXTURE_VARIANT(assign) {
	enum vfio_path path;
};

FIXTURE_VARIANT_ADD(assign, group) { .path = VFIO_PATH_CONTAINER };
FIXTURE_VARIANT_ADD(assign, cdev) { .path = VFIO_PATH_CDEV };

/* vm_setup: the VM with edu in it, as QEMU's vfio-pci sets it up: RAM
 * mapped for DMA at IOVA = GPA, BAR0 a memory slot, edu's file on kvm-vfio. */
static void vm_setup(struct __test_metadata *_metadata, FIXTURE_DATA(assign) *self, int file)
{
	int32_t fd = file;

	self->vm = vm_create_with_one_vcpu(&self->vcpu, guest_code);
	vm_userspace_mem_region_add(self->vm, VM_MEM_SRC_ANONYMOUS, DMA_GPA, DMA_SLOT, DMA_PAGES, 0);
	virt_map(self->vm, DMA_GPA, DMA_GPA, DMA_PAGES);
	self->ram = addr_gpa2hva(self->vm, DMA_GPA);
	memset(self->ram, POISON, DMA_PAGES * PAGE);
	ASSERT_EQ(0, vfio_env_map(&self->e, self->ram, DMA_GPA, DMA_PAGES * PAGE));
	vm_set_user_memory_region(self->vm, BAR_SLOT, 0, BAR_GPA, self->e.bar0_size,
				  (void *)self->e.bar0);
	virt_map(self->vm, BAR_GPA, BAR_GPA, 1);
	self->kvm_vfio = kvm_create_device(self->vm, KVM_DEV_TYPE_VFIO);
	kvm_device_attr_set(self->kvm_vfio, KVM_DEV_VFIO_FILE, KVM_DEV_VFIO_FILE_ADD, &fd);
}

FIXTURE_SETUP(assign)
{
	const char *why = "";
	int rc;

	self->vm = NULL;
	self->kvm_vfio = -1;
	self->e = (struct vfio_env){ .container = -1, .group = -1, .device = -1, .iommufd = -1 };
	if (access("/dev/kvm", R_OK | W_OK))
		SKIP(return, "no /dev/kvm (%s): a kernel without KVM, or a CPU without SVM or VMX",
		     strerror(errno));
	rc = vfio_env_setup(&self->e, variant->path, &why);
	if (rc == VFIO_ENV_SKIP)
		SKIP(return, "%s", why);
	ASSERT_EQ(0, rc) TH_LOG("setup: %s: %s", why, strerror(-rc));
	vm_setup(_metadata, self, variant->path == VFIO_PATH_CDEV ? self->e.device : self->e.group);
}

FIXTURE_TEARDOWN(assign)
{
	if (self->kvm_vfio >= 0)
		close(self->kvm_vfio);
	if (self->vm)
		kvm_vm_free(self->vm);
	vfio_env_teardown(&self->e);
}

/* run_to VCPU: runs the guest to its next stage other than WAIT; -ETIMEDOUT
 * when edu stays busy past STAGE_LIMIT_MS, -EIO on an exit that is no ucall
 * (KVM_EXIT_MMIO: BAR0's slot did not take).  A failed GUEST_ASSERT ends the
 * test with the guest's message. */
static int run_to(struct kvm_vcpu *vcpu)
{
	uint64_t start = mono_ms();
	struct ucall uc;

	for (;;) {
		vcpu_run(vcpu);
		switch (get_ucall(vcpu, &uc)) {
		case UCALL_SYNC:
			if (uc.args[1] != STAGE_WAIT)
				return (int)uc.args[1];
			if (mono_ms() - start > STAGE_LIMIT_MS)
				return -ETIMEDOUT;
			break;
		case UCALL_ABORT:
			REPORT_GUEST_ASSERT(uc);
			return -EFAULT;
		case UCALL_DONE:
			return STAGE_DONE;
		default:
			return -EIO;
		}
	}
}

/* landed RAM OFF: the guest's pattern at OFF in the DMA slot, poison after. */
static bool landed(const uint8_t *ram, size_t off)
{
	return !memcmp(ram + off, ram, XFER) && ram[off + XFER] == POISON;
}

/* VFIO-KVM-ASSIGN-1, VFIO-CDEV-KVM-ASSIGN-1 */
TEST_F(assign, guest_dma_lands)
{
	ASSERT_EQ(STAGE_LANDED, run_to(self->vcpu))
		TH_LOG("exit reason %u", self->vcpu->run->exit_reason);
	EXPECT_TRUE(landed(self->ram, PAGE)) TH_LOG("edu's transfer to GPA 0x%llx", GPA_DST);
	EXPECT_EQ(-1, first_not(self->ram + 2 * PAGE, POISON, 2 * PAGE));
}

/* VFIO-KVM-ASSIGN-2, VFIO-CDEV-KVM-ASSIGN-2 */
TEST_F(assign, dma_to_unmapped_gpa_faults)
{
	char line[512] = "";
	int kmsg = kmsg_open();

	ASSERT_LE(0, kmsg) TH_LOG("open /dev/kmsg: %s", strerror(-kmsg));
	ASSERT_EQ(STAGE_LANDED, run_to(self->vcpu));
	/* Behind VT-d, the faults of the tests before would silence this one. */
	kmsg_wait_ratelimit(&self->e.edu);
	ASSERT_EQ(STAGE_FAULTED, run_to(self->vcpu))
		TH_LOG("exit reason %u", self->vcpu->run->exit_reason);
	/* Guest RAM holds what it held: the pattern, one transfer, poison. */
	EXPECT_TRUE(landed(self->ram, PAGE));
	EXPECT_EQ(-1, first_not(self->ram + PAGE + XFER, POISON, 3 * PAGE - XFER))
		TH_LOG("bytes written through an unmapped GPA");
	EXPECT_EQ(1, kmsg_find_dma_fault(kmsg, &self->e.edu, GPA_FAULT, FAULT_XFER, line,
					 sizeof(line)))
		TH_LOG("no fault message of %s for %s at 0x%llx", self->e.edu.iommu,
		       self->e.edu.bdf, GPA_FAULT);
	TH_LOG("kernel: %s", line);
	close(kmsg);
}

/* VFIO-KVM-ASSIGN-3, VFIO-CDEV-KVM-ASSIGN-3 */
TEST_F(assign, works_after_fault)
{
	ASSERT_EQ(STAGE_LANDED, run_to(self->vcpu));
	ASSERT_EQ(STAGE_FAULTED, run_to(self->vcpu));
	ASSERT_EQ(STAGE_DONE, run_to(self->vcpu))
		TH_LOG("exit reason %u", self->vcpu->run->exit_reason);
	EXPECT_TRUE(landed(self->ram, 2 * PAGE)) TH_LOG("edu's transfer after the fault");
	EXPECT_EQ(STAGE_DONE, run_to(self->vcpu)) TH_LOG("GUEST_DONE");
}

TEST_HARNESS_MAIN
