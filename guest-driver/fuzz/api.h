/* SPDX-License-Identifier: MIT */
/*
 * What the harness and the test table see of the random sequences: the
 * option (fuzz=off | fuzz=SEED,STEPS[,SECONDS[,DMA]]), the run, and one
 * regression row replayed.  Nothing of the model shows here.
 */
#ifndef FAULTLINE_FUZZ_API_H
#define FAULTLINE_FUZZ_API_H

#include <stdbool.h>

struct fixture;

void fz_args(int argc, char **argv);
bool fz_disabled(void);
/* Whether fuzz= gave the run its budget (a fuzz run), not the default one. */
bool fz_budget_given(void);
/*
 * Part `part` of `parts` of the run: sequences part, part + parts, ...  Its
 * reports are its own, as in a VM of its own.
 */
void fz_random(struct fixture *fx, unsigned int part, unsigned int parts);
/* A program ending in a system reset, and the boot after it (the reset group's test). */
void fz_sysreset(struct fixture *fx);
/* Replays the steps of a row (text.c) in lockstep: one check under ids. */
void fz_regression(struct fixture *fx, const char *ids, const char *steps);

#endif
