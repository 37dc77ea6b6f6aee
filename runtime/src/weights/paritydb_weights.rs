// This file is part of MetaChain.
// SPDX-License-Identifier: Apache-2.0

//! THIS FILE WAS AUTO-GENERATED USING THE SUBSTRATE BENCHMARK CLI VERSION 64.0.0
//! DATE: 2026-12-05 (Y/M/D)
//! HOSTNAME: `vm`, CPU: `Intel(R) Xeon(R) Processor`
//!
//! DATABASE: `ParityDb`, RUNTIME: `MetaChain Local Testnet`
//! BLOCK-NUM: `Number(0)`
//! SKIP-WRITE: `false`, SKIP-READ: `false`, WARMUPS: `1`
//! STATE-VERSION: `V1`, STATE-CACHE-SIZE: ``
//! WEIGHT-PATH: `/work/main/runtime/src/weights/`
//! METRIC: `Average`, WEIGHT-MUL: `1.0`, WEIGHT-ADD: `0`

// Executed Command:
//   /root/.cache/metachain-target/release/metachain-node-benchmarks
//   benchmark
//   storage
//   --chain
//   scale.json
//   --base-path
//   /tmp/scale/db
//   --database
//   paritydb
//   --state-version
//   1
//   --keys-limit
//   200000
//   --batch-size
//   10000
//   --random-seed
//   2210
//   --header
//   /work/main/scripts/weight-header.txt
//   --weight-path
//   /work/main/runtime/src/weights/

/// Storage DB weights for the `MetaChain Local Testnet` runtime and `ParityDb`.
#[allow(unused_doc_comments)] // the generator documents the struct literal's fields
pub mod constants {
	use frame_support::weights::constants;
	use frame_support::weights::RuntimeDbWeight;
	use sp_core::parameter_types;

	parameter_types! {
		/// Measured on the node's ParityDB holding the local testnet's genesis and 1000000
		/// generated registered, delegating devices (`scripts/benchmark.sh --storage`).
		pub const ParityDbWeight: RuntimeDbWeight = RuntimeDbWeight {
			/// Time to read one storage item.
			/// Calculated by multiplying the *Average* of all values with `1.0` and adding `0`.
			///
			/// Stats nanoseconds:
			///   Min, Max: 2_102, 21_144_350
			///   Average:  12_234
			///   Median:   9_572
			///   Std-Dev:  81078.35
			///
			/// Percentiles nanoseconds:
			///   99th: 21_931
			///   95th: 16_673
			///   75th: 12_325
			read: 12_234 * constants::WEIGHT_REF_TIME_PER_NANOS,

			/// Time to write one storage item.
			/// Calculated by multiplying the *Average* of all values with `1.0` and adding `0`.
			///
			/// Stats nanoseconds:
			///   Min, Max: 19_461, 68_645
			///   Average:  25_702
			///   Median:   22_164
			///   Std-Dev:  11909.79
			///
			/// Percentiles nanoseconds:
			///   99th: 68_645
			///   95th: 51_458
			///   75th: 22_947
			write: 25_702 * constants::WEIGHT_REF_TIME_PER_NANOS,
		};
	}

	#[cfg(test)]
	mod test_db_weights {
		use super::constants::ParityDbWeight as W;
		use frame_support::weights::constants;

		/// Checks that all weights exist and have sane values.
		// NOTE: If this test fails but you are sure that the generated values are fine,
		// you can delete it.
		#[test]
		fn bound() {
			// At least 1 µs.
			assert!(
				W::get().reads(1).ref_time() >= constants::WEIGHT_REF_TIME_PER_MICROS,
				"Read weight should be at least 1 µs."
			);
			assert!(
				W::get().writes(1).ref_time() >= constants::WEIGHT_REF_TIME_PER_MICROS,
				"Write weight should be at least 1 µs."
			);
			// At most 1 ms.
			assert!(
				W::get().reads(1).ref_time() <= constants::WEIGHT_REF_TIME_PER_MILLIS,
				"Read weight should be at most 1 ms."
			);
			assert!(
				W::get().writes(1).ref_time() <= constants::WEIGHT_REF_TIME_PER_MILLIS,
				"Write weight should be at most 1 ms."
			);
		}
	}
}
