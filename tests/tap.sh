# SPDX-License-Identifier: GPL-2.0-or-later
# tap.sh - TAP helpers for the shell checks (sourced).
#   ok STATUS DESCRIPTION [DIAGNOSTIC...]   STATUS 0 passes; diagnostics
#                                          are printed as "#   ..." on failure
# $n counts checks, $failed the failures.
n=0
failed=0
ok() {
	local cond=$1 desc=$2
	shift 2
	n=$((n + 1))
	if [ "$cond" = 0 ]; then
		echo "ok $n - $desc"
	else
		echo "not ok $n - $desc"
		failed=$((failed + 1))
		local d
		for d in "$@"; do echo "#   $d"; done
	fi
}
