# faultline-results: verdicts and report files from a run's results.tap
# (scripts/report-files.sh, scripts/compare.sh).  Built plain for run.sh
# and, for make check, under ASan and UBSan ($(CB)/results/).

RB             := $(B)/results
RESULTS_SRC    := $(wildcard results/*.c)
RESULTS_CFLAGS := -g -std=gnu11 $(WARN) -MMD -MP

$(RB)/%.o: results/%.c
	@mkdir -p $(dir $@)
	$(HOSTCC) -O2 $(RESULTS_CFLAGS) -c $< -o $@

$(RB)/faultline-results: $(patsubst results/%.c,$(RB)/%.o,$(RESULTS_SRC))
	$(HOSTCC) -o $@ $^

$(CB)/results/%.o: results/%.c
	@mkdir -p $(dir $@)
	$(HOSTCC) -O1 $(SAN) $(RESULTS_CFLAGS) -c $< -o $@

$(CB)/results/faultline-results: $(patsubst results/%.c,$(CB)/results/%.o,$(RESULTS_SRC))
	$(HOSTCC) $(SAN) -o $@ $^

.PHONY: results
results: $(RB)/faultline-results

-include $(wildcard $(RB)/*.d)
