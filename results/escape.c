/* Escaping for the writers: XML (JUnit and HTML) and Markdown table cells. */
#include "results.h"

void put_xml(FILE *f, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '&')
			fputs("&amp;", f);
		else if (c == '<')
			fputs("&lt;", f);
		else if (c == '>')
			fputs("&gt;", f);
		else if (c == '"')
			fputs("&quot;", f);
		else if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
			putc('?', f); /* XML 1.0 has no place for other control characters */
		else
			putc(c, f);
	}
}

/* A cell of a Markdown table: "|" would end it, "<" could open HTML. */
void put_mdcell(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '|')
			fputs("\\|", f);
		else if (*s == '<')
			fputs("&lt;", f);
		else if (*s == '>')
			fputs("&gt;", f);
		else
			putc(*s, f);
	}
}
