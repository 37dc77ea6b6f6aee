//! Inviters answer for their invitees (issue 16, rule 4), tried by an attacker: a device invites
//! its own accounts, which register, deregister, withdraw and are invited again, over and over.

use crate::common::*;
use frame_support::traits::fungible::Inspect;
use metachain_runtime::{currency::MC, Balances, Credit, Runtime, RuntimeCall, System};
use sp_keyring::Sr25519Keyring::{self, *};

fn credit(who: Sr25519Keyring) -> u32 {
	Credit::device_info(&who.to_account_id()).map(|d| d.credit).unwrap_or(0)
}

fn owned(who: Sr25519Keyring) -> u128 {
	<Balances as Inspect<_>>::total_balance(&who.to_account_id())
}

/// `who` signs a credit call in a block of its own.
fn in_block(who: Sr25519Keyring, call: pallet_credit::Call<Runtime>) -> sp_runtime::DispatchResult {
	apply_in_own_block(who, RuntimeCall::Credit(call))
}

#[test]
fn the_invite_register_leave_loop_gains_no_credit_and_costs_mc() {
	dev_ext().execute_with(|| {
		run_to_block(1);
		begin_block();
		fund(Eve, 10_000);
		make_device(Eve);
		for sock in [Ferdie, Dave] {
			fund(sock, 10_000);
		}
		end_block();
		let rules = pallet_credit::Parameters::<Runtime>::get();
		let start_credit = credit(Eve);
		let start_mc: u128 = [Eve, Ferdie, Dave].iter().map(|k| owned(*k)).sum();
		let mut heartbeats = 0u32;
		let mut refused = 0u32;
		// Three rounds: each sock puppet is invited, registers, leaves at once and withdraws.
		for _round in 0..3 {
			for sock in [Ferdie, Dave] {
				let invited =
					in_block(Eve, pallet_credit::Call::invite { invitee: sock.to_account_id() });
				if invited.is_err() {
					// The cooldown after the last withdrawal refuses the invitation.
					assert_eq!(
						invited,
						Err(pallet_credit::Error::<Runtime>::ReregisterCooldown.into())
					);
					refused += 1;
					continue;
				}
				let kind = pallet_credit::DeviceKind::DvpnClient;
				assert_eq!(in_block(sock, pallet_credit::Call::register_device { kind }), Ok(()));
				assert_eq!(in_block(sock, pallet_credit::Call::deregister {}), Ok(()));
			}
			// Wait out the deregistration delay, Eve reporting every period; then withdraw.
			let until = System::block_number() + rules.deregister_delay;
			while System::block_number() < until {
				begin_block();
				// Once a period (the second one would be refused by the pool).
				let origin = metachain_runtime::RuntimeOrigin::signed(Eve.to_account_id());
				if Credit::heartbeat(origin).is_ok() {
					heartbeats += 1;
				}
				end_block();
			}
			for sock in [Ferdie, Dave] {
				let _ = in_block(sock, pallet_credit::Call::withdraw_deposit {});
			}
		}
		let gained = credit(Eve) as i64 - start_credit as i64;
		let uptime = heartbeats as i64 * rules.uptime_credit as i64;
		let mc: u128 = [Eve, Ferdie, Dave].iter().map(|k| owned(*k)).sum();
		let net_mc = mc as i128 - start_mc as i128;
		println!(
			"attack: invite own accounts, register, deregister, withdraw, re-invite (3 rounds, \
			 {refused} re-invitations refused by the cooldown): inviter credit {gained:+} of which \
			 uptime {uptime:+}, bonus {:+}; net {:.3} MC (fees)",
			gained - uptime,
			net_mc as f64 / MC as f64
		);
		assert!(refused > 0, "the cooldown refused re-invitations");
		assert!(gained <= uptime, "no bonus reached the inviter");
		assert!(net_mc <= 0, "no MC was gained");
	});
}
