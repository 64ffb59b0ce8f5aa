#!/usr/bin/env bash
# malloc_thp (scripts/util.sh): the run's processes ask glibc's malloc for
# transparent huge pages, added to the user's GLIBC_TUNABLES, never against
# the user's own choice; environment.txt records what the run had.
# shellcheck source=check/runner/testlib.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/testlib.sh"
# shellcheck source=scripts/util.sh
source "$T_ROOT/scripts/util.sh"

# tunables_after VALUE|-: GLIBC_TUNABLES after malloc_thp, from VALUE ("-": unset).
tunables_after() (
	if [[ $1 == - ]]; then unset GLIBC_TUNABLES; else GLIBC_TUNABLES=$1; fi
	malloc_thp
	printf '%s\n' "$GLIBC_TUNABLES"
)

t_is "unset: hugetlb=1" "$(tunables_after -)" glibc.malloc.hugetlb=1
t_is "the user's other tunables kept, hugetlb added" "$(tunables_after glibc.malloc.arena_max=2)" \
	glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1
t_is "the user's hugetlb=0 wins" "$(tunables_after glibc.malloc.hugetlb=0)" glibc.malloc.hugetlb=0
unset GLIBC_TUNABLES
run_fake pass guest
t_has_line "environment.txt: the run's GLIBC_TUNABLES" "$R_DIR/environment.txt" \
	"$(printf 'glibc-tunables\tglibc.malloc.hugetlb=1')"
t_done
