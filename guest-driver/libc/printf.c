// SPDX-License-Identifier: MIT
/* A small printf: one formatter writing to a buffer or to the console. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <faultline/rt.h>

/* Where output goes: a caller's buffer, or a staging buffer for rt_write. */
struct sink {
	char *buf;
	size_t size;
	size_t fill;		/* console: bytes staged in buf */
	size_t len;		/* characters produced so far */
	bool console;
};

struct spec {
	bool left, zero, alt;
	int width;
	int prec;		/* -1: none */
	char len;		/* 'H' hh, 'h', 'L' 64-bit (l ll z j t), 0 int */
};

static void flush(struct sink *s)
{
	rt_write(s->buf, s->fill);
	s->fill = 0;
}

static void emit(struct sink *s, char c)
{
	if (s->console) {
		s->buf[s->fill++] = c;
		if (s->fill == s->size)
			flush(s);
	} else if (s->len + 1 < s->size) {
		s->buf[s->len] = c;
	}
	s->len++;
}

static void pad(struct sink *s, char c, int n)
{
	while (n-- > 0)
		emit(s, c);
}

static void emit_str(struct sink *s, const struct spec *sp, const char *str)
{
	int n = 0;

	if (!str)
		str = "(null)";
	while (str[n] && (sp->prec < 0 || n < sp->prec))
		n++;
	if (!sp->left)
		pad(s, ' ', sp->width - n);
	for (int i = 0; i < n; i++)
		emit(s, str[i]);
	if (sp->left)
		pad(s, ' ', sp->width - n);
}

static void emit_num(struct sink *s, const struct spec *sp, uint64_t v,
		     unsigned int base, bool upper, const char *prefix)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int n = 0, zeros, len;

	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v);
	zeros = sp->prec > n ? sp->prec - n : 0;
	len = (int)strlen(prefix) + zeros + n;
	if (sp->zero && !sp->left && sp->prec < 0 && sp->width > len) {
		zeros += sp->width - len;
		len = sp->width;
	}
	if (!sp->left)
		pad(s, ' ', sp->width - len);
	while (*prefix)
		emit(s, *prefix++);
	pad(s, '0', zeros);
	while (n)
		emit(s, tmp[--n]);
	if (sp->left)
		pad(s, ' ', sp->width - len);
}

/* On x86-64, long, long long, size_t, intmax_t and ptrdiff_t are all 64-bit. */
static int64_t arg_signed(const struct spec *sp, va_list *ap)
{
	int v;

	if (sp->len == 'L')
		return va_arg(*ap, long long);
	v = va_arg(*ap, int);
	return sp->len == 'H' ? (signed char)v : sp->len == 'h' ? (short)v : v;
}

static uint64_t arg_unsigned(const struct spec *sp, va_list *ap)
{
	unsigned int v;

	if (sp->len == 'L')
		return va_arg(*ap, unsigned long long);
	v = va_arg(*ap, unsigned int);
	return sp->len == 'H' ? (unsigned char)v :
	       sp->len == 'h' ? (unsigned short)v : v;
}

static void convert(struct sink *s, const struct spec *sp, char conv,
		    va_list *ap)
{
	int64_t sv;
	uint64_t uv;

	switch (conv) {
	case 'd':
	case 'i':
		sv = arg_signed(sp, ap);
		uv = sv < 0 ? -(uint64_t)sv : (uint64_t)sv;
		emit_num(s, sp, uv, 10, false, sv < 0 ? "-" : "");
		break;
	case 'u':
		emit_num(s, sp, arg_unsigned(sp, ap), 10, false, "");
		break;
	case 'x':
	case 'X':
		uv = arg_unsigned(sp, ap);
		emit_num(s, sp, uv, 16, conv == 'X',
			 sp->alt && uv ? (conv == 'X' ? "0X" : "0x") : "");
		break;
	case 'p':
		emit_num(s, sp, (uintptr_t)va_arg(*ap, void *), 16, false, "0x");
		break;
	case 's':
		emit_str(s, sp, va_arg(*ap, const char *));
		break;
	case 'c':
		if (!sp->left)
			pad(s, ' ', sp->width - 1);
		emit(s, (char)va_arg(*ap, int));
		if (sp->left)
			pad(s, ' ', sp->width - 1);
		break;
	case '%':
		emit(s, '%');
		break;
	default:		/* unknown: print it as written */
		emit(s, '%');
		if (conv)
			emit(s, conv);
	}
}

/* Parses the flags, width, precision and length of one conversion. */
static const char *parse_spec(const char *f, struct spec *sp, va_list *ap)
{
	*sp = (struct spec){ .prec = -1 };
	for (;; f++) {
		if (*f == '-')
			sp->left = true;
		else if (*f == '0')
			sp->zero = true;
		else if (*f == '#')
			sp->alt = true;
		else
			break;
	}
	if (*f == '*') {
		sp->width = va_arg(*ap, int);
		if (sp->width < 0) {
			sp->left = true;
			sp->width = -sp->width;
		}
		f++;
	}
	for (; *f >= '0' && *f <= '9'; f++)
		sp->width = sp->width * 10 + (*f - '0');
	if (*f == '.') {
		sp->prec = 0;
		if (*++f == '*') {
			sp->prec = va_arg(*ap, int);
			f++;
		}
		for (; *f >= '0' && *f <= '9'; f++)
			sp->prec = sp->prec * 10 + (*f - '0');
	}
	if (f[0] == 'h' && f[1] == 'h') {
		sp->len = 'H';
		f += 2;
	} else if (*f == 'h') {
		sp->len = 'h';
		f++;
	}
	while (*f == 'l' || *f == 'z' || *f == 'j' || *f == 't') {
		sp->len = 'L';
		f++;
	}
	return f;
}

static void format(struct sink *s, const char *fmt, va_list ap)
{
	va_list args;
	struct spec sp;

	va_copy(args, ap);
	while (*fmt) {
		if (*fmt != '%') {
			emit(s, *fmt++);
			continue;
		}
		fmt = parse_spec(fmt + 1, &sp, &args);
		convert(s, &sp, *fmt, &args);
		if (*fmt)
			fmt++;
	}
	va_end(args);
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct sink s = { .buf = buf, .size = size };

	format(&s, fmt, ap);
	if (size)
		buf[s.len < size ? s.len : size - 1] = '\0';
	return (int)s.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

int vprintf(const char *fmt, va_list ap)
{
	char stage[128];
	struct sink s = { .buf = stage, .size = sizeof(stage), .console = true };

	format(&s, fmt, ap);
	flush(&s);
	return (int)s.len;
}

int printf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintf(fmt, ap);
	va_end(ap);
	return n;
}

int putchar(int c)
{
	char ch = (char)c;

	rt_write(&ch, 1);
	return (unsigned char)ch;
}

int puts(const char *s)
{
	rt_write(s, strlen(s));
	rt_write("\n", 1);
	return 1;
}
