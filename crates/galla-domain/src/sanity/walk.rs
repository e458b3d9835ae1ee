//! The bounds walk: a payload is handed to [`Walker`] exactly as it is
//! handed to `serde_json` when it is stored, and every text (values, field
//! names, enum variants, map keys) and every number that would be written
//! is checked on the way — with nothing written and nothing allocated.
//!
//! It sees what the JSON form holds, field for field, so a field added to
//! any event is covered without a line here. It replaced writing the JSON,
//! parsing it back and walking the parsed tree, which took an eighth of the
//! time of generating the benchmark shop (the tests keep that walk, and
//! compare the two).

use super::{Insane, MAX_NUMBER, text};
use serde::Serialize;
use serde::ser::{self, Impossible};
use std::fmt;

/// Checks every text and number it is given (see the module header).
#[derive(Clone, Copy)]
pub(super) struct Walker;

/// Why the walk stopped.
#[derive(Debug)]
pub(super) struct Failed(pub(super) Insane);

impl fmt::Display for Failed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for Failed {}

impl ser::Error for Failed {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        // A type that refuses to serialise: nothing galla sends does.
        Failed(Insane::Number(msg.to_string()))
    }
}

type Walked = Result<(), Failed>;

fn words(s: &str) -> Walked {
    text(s).map_err(Failed)
}

/// An integer as JSON holds it: within ±`MAX_NUMBER`.
fn whole(n: i128) -> Walked {
    if n.unsigned_abs() <= MAX_NUMBER.unsigned_abs() as u128 {
        Ok(())
    } else {
        Err(Failed(Insane::Number(n.to_string())))
    }
}

/// A fraction as JSON holds it: `null` if not finite (serde_json writes
/// NaN and infinity so), otherwise below 10¹⁵ either way.
fn fraction(f: f64) -> Walked {
    if !f.is_finite() || f.abs() < 1e15 {
        Ok(())
    } else {
        // Named as the JSON would write it.
        let shown =
            serde_json::Number::from_f64(f).map_or_else(|| f.to_string(), |n| n.to_string());
        Err(Failed(Insane::Number(shown)))
    }
}

/// `Serializer` methods for numbers, each answering with `$check`.
macro_rules! numbers {
    (|$v:ident| $check:expr; $($method:ident: $t:ty),* $(,)?) => {$(
        fn $method(self, $v: $t) -> Walked {
            $check
        }
    )*};
}

impl ser::Serializer for Walker {
    type Ok = ();
    type Error = Failed;
    type SerializeSeq = Walker;
    type SerializeTuple = Walker;
    type SerializeTupleStruct = Walker;
    type SerializeTupleVariant = Walker;
    type SerializeMap = Walker;
    type SerializeStruct = Walker;
    type SerializeStructVariant = Walker;

    fn serialize_bool(self, _: bool) -> Walked {
        Ok(())
    }
    numbers!(|v| whole(v.into()); serialize_i8: i8, serialize_i16: i16, serialize_i32: i32, serialize_i64: i64);
    fn serialize_i128(self, v: i128) -> Walked {
        whole(v)
    }
    numbers!(|v| whole(v.into()); serialize_u8: u8, serialize_u16: u16, serialize_u32: u32, serialize_u64: u64);
    fn serialize_u128(self, v: u128) -> Walked {
        whole(i128::try_from(v).unwrap_or(i128::MAX))
    }
    fn serialize_f32(self, v: f32) -> Walked {
        fraction(v.into())
    }
    fn serialize_f64(self, v: f64) -> Walked {
        fraction(v)
    }
    fn serialize_char(self, v: char) -> Walked {
        words(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> Walked {
        words(v)
    }
    fn serialize_bytes(self, _: &[u8]) -> Walked {
        // Written as an array of numbers 0-255.
        Ok(())
    }
    fn serialize_none(self) -> Walked {
        Ok(())
    }
    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Walked {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Walked {
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Walked {
        Ok(())
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Walked {
        words(variant)
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(self, _: &'static str, value: &T) -> Walked {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Walked {
        words(variant)?;
        value.serialize(self)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Walker, Failed> {
        Ok(self)
    }
    fn serialize_tuple(self, _: usize) -> Result<Walker, Failed> {
        Ok(self)
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Walker, Failed> {
        Ok(self)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Walker, Failed> {
        words(variant)?;
        Ok(self)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Walker, Failed> {
        Ok(self)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Walker, Failed> {
        Ok(self)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Walker, Failed> {
        words(variant)?;
        Ok(self)
    }
}

/// The parts of a sequence, tuple or struct: each checked as it comes.
macro_rules! walk_parts {
    ($($part:ident :: $method:ident),* $(,)?) => {$(
        impl ser::$part for Walker {
            type Ok = ();
            type Error = Failed;
            fn $method<T: ?Sized + Serialize>(&mut self, value: &T) -> Walked {
                value.serialize(*self)
            }
            fn end(self) -> Walked {
                Ok(())
            }
        }
    )*};
}

walk_parts!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field,
);

/// The fields of a struct: the field's name is text too.
macro_rules! walk_fields {
    ($($part:ident),* $(,)?) => {$(
        impl ser::$part for Walker {
            type Ok = ();
            type Error = Failed;
            fn serialize_field<T: ?Sized + Serialize>(
                &mut self,
                key: &'static str,
                value: &T,
            ) -> Walked {
                words(key)?;
                value.serialize(*self)
            }
            fn end(self) -> Walked {
                Ok(())
            }
        }
    )*};
}

walk_fields!(SerializeStruct, SerializeStructVariant);

impl ser::SerializeMap for Walker {
    type Ok = ();
    type Error = Failed;
    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Walked {
        // JSON keys are text: a number key is written as its digits, which
        // are always fine; anything else is checked as text.
        key.serialize(Key)
    }
    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Walked {
        value.serialize(*self)
    }
    fn end(self) -> Walked {
        Ok(())
    }
}

/// A map key, as serde_json writes one: text is checked; a number or a
/// bool becomes its digits (always fine); anything else cannot be a key.
struct Key;

fn not_a_key() -> Failed {
    Failed(Insane::Number("a map key that is not text".into()))
}

impl ser::Serializer for Key {
    type Ok = ();
    type Error = Failed;
    type SerializeSeq = Impossible<(), Failed>;
    type SerializeTuple = Impossible<(), Failed>;
    type SerializeTupleStruct = Impossible<(), Failed>;
    type SerializeTupleVariant = Impossible<(), Failed>;
    type SerializeMap = Impossible<(), Failed>;
    type SerializeStruct = Impossible<(), Failed>;
    type SerializeStructVariant = Impossible<(), Failed>;

    fn serialize_bool(self, _: bool) -> Walked {
        Ok(())
    }
    // A number key is written as its digits: always fine.
    numbers!(|_v| Ok(()); serialize_i8: i8, serialize_i16: i16, serialize_i32: i32, serialize_i64: i64,
        serialize_i128: i128, serialize_u8: u8, serialize_u16: u16, serialize_u32: u32,
        serialize_u64: u64, serialize_u128: u128);
    fn serialize_f32(self, _: f32) -> Walked {
        Err(not_a_key())
    }
    fn serialize_f64(self, _: f64) -> Walked {
        Err(not_a_key())
    }
    fn serialize_char(self, v: char) -> Walked {
        words(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> Walked {
        words(v)
    }
    fn serialize_bytes(self, _: &[u8]) -> Walked {
        Err(not_a_key())
    }
    fn serialize_none(self) -> Walked {
        Err(not_a_key())
    }
    fn serialize_some<T: ?Sized + Serialize>(self, _: &T) -> Walked {
        Err(not_a_key())
    }
    fn serialize_unit(self) -> Walked {
        Err(not_a_key())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Walked {
        Err(not_a_key())
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Walked {
        words(variant)
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(self, _: &'static str, value: &T) -> Walked {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Walked {
        Err(not_a_key())
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Failed> {
        Err(not_a_key())
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Failed> {
        Err(not_a_key())
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, Failed> {
        Err(not_a_key())
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Failed> {
        Err(not_a_key())
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Failed> {
        Err(not_a_key())
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct, Failed> {
        Err(not_a_key())
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Failed> {
        Err(not_a_key())
    }
}
