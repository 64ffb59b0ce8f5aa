// SPDX-License-Identifier: GPL-2.0
/*
 * The kvm-vfio device (virt/kvm/vfio.c): what QEMU does before it assigns a
 * VFIO device to a KVM guest.  edu's VFIO file, its group (the container
 * path) or its cdev, is added to and deleted from the device of a VM of our
 * own, and every rejected request must leave the list as it was.  A VM
 * without /dev/kvm (a kernel without KVM, or a CPU without SVM/VMX: the VFIO
 * VMs boot with -cpu max, scripts/hostvm.sh) skips.  The IDs above each test
 * are in host-tests/statements.txt.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <linux/kvm.h>

#include "kselftest_harness.h"
#include "vfio_fixture.h"

/* The build host's linux/kvm.h (6.1) has the names from before 6.6, when
 * group files were the only kind: same group and attributes, same values. */
#ifndef KVM_DEV_VFIO_FILE
#define KVM_DEV_VFIO_FILE KVM_DEV_VFIO_GROUP
#define KVM_DEV_VFIO_FILE_ADD KVM_DEV_VFIO_GROUP_ADD
#define KVM_DEV_VFIO_FILE_DEL KVM_DEV_VFIO_GROUP_DEL
#endif
/* No attribute or group of the device has these numbers. */
#define NO_SUCH_ATTR 99

FIXTURE(kvm_vfio) {
	struct vfio_env e;
	uint8_t *src, *dst;
	int kvm, vm, dev;
	int file;	/* edu's VFIO file: the group's fd or the cdev's */
};

FIXTURE_VARIANT(kvm_vfio) {
	enum vfio_path path;
};

FIXTURE_VARIANT_ADD(kvm_vfio, group) { .path = VFIO_PATH_CONTAINER };
FIXTURE_VARIANT_ADD(kvm_vfio, cdev) { .path = VFIO_PATH_CDEV };

/* create_vfio_device VM: the fd of a new kvm-vfio device, or -1 (errno). */
static int create_vfio_device(int vm)
{
	struct kvm_create_device cd = { .type = KVM_DEV_TYPE_VFIO };

	if (ioctl(vm, KVM_CREATE_DEVICE, &cd) != 0)
		return -1;
	return (int)cd.fd;
}

/* file_attr DEV ATTR FD: KVM_SET_DEVICE_ATTR in group FILE; 0 or errno. */
static int file_attr(int dev, uint64_t group, uint64_t attr, int32_t fd)
{
	struct kvm_device_attr a = { .group = group, .attr = attr, .addr = (uintptr_t)&fd };

	return ioctl(dev, KVM_SET_DEVICE_ATTR, &a) == 0 ? 0 : errno;
}

static int add(int dev, int fd)
{
	return file_attr(dev, KVM_DEV_VFIO_FILE, KVM_DEV_VFIO_FILE_ADD, fd);
}

static int del(int dev, int fd)
{
	return file_attr(dev, KVM_DEV_VFIO_FILE, KVM_DEV_VFIO_FILE_DEL, fd);
}

/* has_attr DEV GROUP ATTR: KVM_HAS_DEVICE_ATTR; 0 or errno. */
static int has_attr(int dev, uint64_t group, uint64_t attr)
{
	struct kvm_device_attr a = { .group = group, .attr = attr };

	return ioctl(dev, KVM_HAS_DEVICE_ATTR, &a) == 0 ? 0 : errno;
}

FIXTURE_SETUP(kvm_vfio)
{
	self->kvm = self->vm = self->dev = -1;
	if (!vfio_fixture_setup(_metadata, &self->e, variant->path, &self->src, &self->dst))
		return;
	self->file = variant->path == VFIO_PATH_CDEV ? self->e.device : self->e.group;
	self->kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (self->kvm < 0)
		SKIP(return, "no /dev/kvm (%s): a kernel without KVM, or a CPU without SVM or VMX",
		     strerror(errno));
	self->vm = ioctl(self->kvm, KVM_CREATE_VM, 0);
	ASSERT_LE(0, self->vm) TH_LOG("KVM_CREATE_VM: %s", strerror(errno));
	self->dev = create_vfio_device(self->vm);
	ASSERT_LE(0, self->dev) TH_LOG("KVM_CREATE_DEVICE VFIO: %s", strerror(errno));
}

FIXTURE_TEARDOWN(kvm_vfio)
{
	if (self->dev >= 0)
		close(self->dev);
	if (self->vm >= 0)
		close(self->vm);
	if (self->kvm >= 0)
		close(self->kvm);
	vfio_env_teardown(&self->e);
}

/* VFIO-KVM-1, VFIO-CDEV-KVM-1 */
TEST_F(kvm_vfio, one_device_per_vm)
{
	struct kvm_create_device cd = {
		.type = KVM_DEV_TYPE_VFIO, .flags = KVM_CREATE_DEVICE_TEST, .fd = (uint32_t)-1,
	};
	int vm2;

	EXPECT_EQ(-1, create_vfio_device(self->vm));
	EXPECT_EQ(EBUSY, errno);
	/* A fresh VM has none: TEST says the type exists and creates nothing. */
	vm2 = ioctl(self->kvm, KVM_CREATE_VM, 0);
	ASSERT_LE(0, vm2);
	EXPECT_EQ(0, ioctl(vm2, KVM_CREATE_DEVICE, &cd));
	EXPECT_EQ((uint32_t)-1, cd.fd);
	EXPECT_LE(0, create_vfio_device(vm2)) TH_LOG("after TEST: %s", strerror(errno));
	close(vm2);
}

/* VFIO-KVM-2, VFIO-CDEV-KVM-2 */
TEST_F(kvm_vfio, has_attr)
{
	EXPECT_EQ(0, has_attr(self->dev, KVM_DEV_VFIO_FILE, KVM_DEV_VFIO_FILE_ADD));
	EXPECT_EQ(0, has_attr(self->dev, KVM_DEV_VFIO_FILE, KVM_DEV_VFIO_FILE_DEL));
	EXPECT_EQ(ENXIO, has_attr(self->dev, KVM_DEV_VFIO_FILE, NO_SUCH_ATTR));
	EXPECT_EQ(ENXIO, has_attr(self->dev, NO_SUCH_ATTR, KVM_DEV_VFIO_FILE_ADD));
}

/* VFIO-KVM-3, VFIO-CDEV-KVM-3 */
TEST_F(kvm_vfio, add_del)
{
	EXPECT_EQ(0, add(self->dev, self->file));
	EXPECT_EQ(EEXIST, add(self->dev, self->file));
	/* The refused second ADD added nothing: one DEL empties the list. */
	EXPECT_EQ(0, del(self->dev, self->file));
	EXPECT_EQ(ENOENT, del(self->dev, self->file));
	/* DEL left nothing behind either: the file is added afresh. */
	EXPECT_EQ(0, add(self->dev, self->file));
	EXPECT_EQ(0, del(self->dev, self->file));
}

/* VFIO-KVM-4, VFIO-CDEV-KVM-4 */
TEST_F(kvm_vfio, add_rejects_non_vfio_files)
{
	int null = open("/dev/null", O_RDWR | O_CLOEXEC), closed = dup(self->file);

	ASSERT_LE(0, null);
	ASSERT_LE(0, closed);
	close(closed);
	EXPECT_EQ(EINVAL, add(self->dev, null));
	EXPECT_EQ(EINVAL, add(self->dev, self->vm));
	EXPECT_EQ(EBADF, add(self->dev, closed));
	EXPECT_EQ(EBADF, add(self->dev, -1));
	/* None of them is on the list, and the VFIO file is not either. */
	EXPECT_EQ(ENOENT, del(self->dev, null));
	EXPECT_EQ(ENOENT, del(self->dev, self->vm));
	EXPECT_EQ(EBADF, del(self->dev, closed));
	EXPECT_EQ(ENOENT, del(self->dev, self->file));
	close(null);
}

/* VFIO-KVM-5, VFIO-CDEV-KVM-5 */
TEST_F(kvm_vfio, unknown_attr_rejected)
{
	EXPECT_EQ(ENXIO, file_attr(self->dev, KVM_DEV_VFIO_FILE, NO_SUCH_ATTR, self->file));
	EXPECT_EQ(ENXIO, file_attr(self->dev, NO_SUCH_ATTR, KVM_DEV_VFIO_FILE_ADD, self->file));
	/* Neither request added the file. */
	EXPECT_EQ(ENOENT, del(self->dev, self->file));
}

TEST_HARNESS_MAIN
