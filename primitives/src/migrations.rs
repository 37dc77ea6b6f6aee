//! What every pallet's storage-version migrations share.

/// Declares a storage-version migration of the calling module's `Pallet`: the migration
/// without the version check (a unit struct over its generic parameters, whose
/// `UncheckedOnRuntimeUpgrade` the caller implements) and the type alias that applies it only
/// while the pallet's storage version is `$from`, then sets it to `$to`
/// ([`VersionedMigration`](frame_support::migrations::VersionedMigration)). The first generic
/// parameter is the runtime (`T`); the others are passed through (values given by the
/// runtime).
///
/// ```ignore
/// metachain_primitives::versioned_migration! {
///     /// The migration, applied only while the pallet's storage version is 0.
///     pub type MigrateV0ToV1<T> = 0 => 1;
///     /// The migration without the version check: use [`MigrateV0ToV1`].
///     pub struct UncheckedMigrateV0ToV1;
/// }
/// ```
#[macro_export]
macro_rules! versioned_migration {
	(
		$(#[$alias_meta:meta])*
		pub type $alias:ident<$t:ident $(, $g:ident)*> = $from:literal => $to:literal;
		$(#[$inner_meta:meta])*
		pub struct $inner:ident;
	) => {
		$(#[$alias_meta])*
		pub type $alias<$t $(, $g)*> = $crate::__private::VersionedMigration<
			$from,
			$to,
			$inner<$t $(, $g)*>,
			Pallet<$t>,
			<$t as frame_system::Config>::DbWeight,
		>;

		$(#[$inner_meta])*
		pub struct $inner<$t $(, $g)*>(core::marker::PhantomData<($t, $($g,)*)>);
	};
}
