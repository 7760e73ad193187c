//! Integer constant expressions (C11 6.6): enum values, array sizes and `static const`
//! initializers, evaluated with C's literal types, promotions and wrap-around.
//!
//! Kept apart so the arithmetic rules (which type a literal has, how `int + unsigned` or
//! `~0u >> 1` come out) can be read and tested on their own; only identifiers and casts need
//! the lowering state.

use lang_c::ast::{
    BinaryOperator, Constant, Expression, Integer, IntegerBase, IntegerSize, UnaryOperator,
};
use lang_c::span::Node;

use crate::error::Result;
use crate::model::Type;

use super::specifiers::Specs;
use super::{Ctx, Lowerer, Mention, Ty};

/// An integer constant with its C type (after promotion), for constant expressions.
#[derive(Debug, Clone, Copy)]
pub(super) struct IntVal {
    /// The value, already within the range of its type.
    pub(super) v: i128,
    /// The width of its type.
    pub(super) bits: u32,
    /// Whether its type is unsigned.
    pub(super) unsigned: bool,
}

impl IntVal {
    /// `v` as an `int`, the type of enum constants and of comparisons.
    pub(super) fn int(v: i128) -> IntVal {
        IntVal {
            v,
            bits: 32,
            unsigned: false,
        }
    }

    /// `v` converted to the integer type of `bits` width and signedness `unsigned`.
    pub(super) fn wrapped(v: i128, bits: u32, unsigned: bool) -> IntVal {
        IntVal {
            v: wrap(v, bits, unsigned),
            bits,
            unsigned,
        }
    }
}

/// Converts `v` to an integer type of `bits` width the way a C conversion does (modulo 2^bits).
fn wrap(v: i128, bits: u32, unsigned: bool) -> i128 {
    let m = 1i128 << bits;
    let r = v.rem_euclid(m);
    if !unsigned && r >= m / 2 {
        r - m
    } else {
        r
    }
}

impl<'a> Lowerer<'a> {
    /// Evaluates an integer constant expression (enum values, array sizes, `static const`s).
    pub(super) fn eval(&mut self, e: &'a Node<Expression>, ctx: &Ctx) -> Result<IntVal> {
        Ok(match &e.node {
            Expression::Constant(c) => match &c.node {
                Constant::Integer(i) => {
                    literal(i).ok_or_else(|| ctx.err("integer literal out of range"))?
                }
                _ => return Err(ctx.err("a non-integer constant in a constant expression")),
            },
            Expression::Identifier(id) => *self.consts.get(&id.node.name).ok_or_else(|| {
                ctx.err(format!(
                    "`{}` is not a known integer constant",
                    id.node.name
                ))
            })?,
            Expression::UnaryOperator(u) => {
                let a = self.eval(&u.node.operand, ctx)?;
                match u.node.operator.node {
                    UnaryOperator::Plus => a,
                    UnaryOperator::Minus => IntVal::wrapped(-a.v, a.bits, a.unsigned),
                    UnaryOperator::Complement => IntVal::wrapped(!a.v, a.bits, a.unsigned),
                    UnaryOperator::Negate => IntVal::int(i128::from(a.v == 0)),
                    _ => return Err(ctx.err("an unsupported operator in a constant expression")),
                }
            }
            Expression::BinaryOperator(b) => {
                let x = self.eval(&b.node.lhs, ctx)?;
                let y = self.eval(&b.node.rhs, ctx)?;
                binary(b.node.operator.node.clone(), x, y).ok_or_else(|| {
                    ctx.err(
                        "an unsupported operator or a division by zero in a constant expression",
                    )
                })?
            }
            Expression::Conditional(c) => {
                if self.eval(&c.node.condition, ctx)?.v != 0 {
                    self.eval(&c.node.then_expression, ctx)?
                } else {
                    self.eval(&c.node.else_expression, ctx)?
                }
            }
            Expression::Cast(c) => {
                let v = self.eval(&c.node.expression, ctx)?;
                let specs = Specs::from_sq(&c.node.type_name.node.specifiers);
                let mut t = Ty::Val(self.base_type(&specs, None, Mention::Implicit, ctx)?);
                if let Some(d) = &c.node.type_name.node.declarator {
                    t = self.declarator(t, specs.is_const, &d.node, ctx)?;
                }
                let t = self.value_type(t, ctx)?;
                let layout = match self.resolve_scalar(&t) {
                    Some(Type::Prim(p)) => p.int_layout(),
                    Some(Type::Enum { repr, .. }) => repr.int_layout(),
                    _ => None,
                };
                let (bits, unsigned) = layout.ok_or_else(|| {
                    ctx.err("a cast to a non-integer type in a constant expression")
                })?;
                let v = IntVal::wrapped(v.v, bits, unsigned);
                if bits < 32 {
                    IntVal::int(v.v) // integer promotion
                } else {
                    v
                }
            }
            _ => {
                return Err(
                    ctx.err("an expression the tool cannot evaluate (only integer arithmetic)")
                )
            }
        })
    }
}

/// The C type of an integer literal (C11 6.4.4.1), or `None` if it is too large.
fn literal(i: &Integer) -> Option<IntVal> {
    let radix = match i.base {
        IntegerBase::Decimal => 10,
        IntegerBase::Octal => 8,
        IntegerBase::Hexadecimal => 16,
        IntegerBase::Binary => 2,
    };
    let v = u64::from_str_radix(&i.number, radix).ok()?;
    let decimal = i.base == IntegerBase::Decimal;
    let min_bits = match i.suffix.size {
        IntegerSize::Int => 32,
        _ => 64,
    };
    // Candidate types in order: (bits, unsigned).
    let candidates: &[(u32, bool)] = match (decimal, i.suffix.unsigned) {
        (_, true) => &[(32, true), (64, true)],
        (true, false) => &[(32, false), (64, false)],
        (false, false) => &[(32, false), (32, true), (64, false), (64, true)],
    };
    candidates
        .iter()
        .filter(|(bits, _)| *bits >= min_bits)
        .find(|(bits, unsigned)| {
            let max = if *unsigned {
                (1u128 << bits) - 1
            } else {
                (1u128 << (bits - 1)) - 1
            };
            u128::from(v) <= max
        })
        .map(|&(bits, unsigned)| IntVal {
            v: i128::from(v),
            bits,
            unsigned,
        })
}

/// A binary operator under C's usual arithmetic conversions; `None` if unsupported.
fn binary(op: BinaryOperator, x: IntVal, y: IntVal) -> Option<IntVal> {
    use BinaryOperator as B;
    let (bits, unsigned) = if x.bits == y.bits {
        (x.bits, x.unsigned || y.unsigned)
    } else if x.bits > y.bits {
        (x.bits, x.unsigned)
    } else {
        (y.bits, y.unsigned)
    };
    let (a, b) = (wrap(x.v, bits, unsigned), wrap(y.v, bits, unsigned));
    let arith = |v: i128| Some(IntVal::wrapped(v, bits, unsigned));
    let truth = |t: bool| Some(IntVal::int(i128::from(t)));
    match op {
        B::Plus => arith(a + b),
        B::Minus => arith(a - b),
        B::Multiply => arith(a.checked_mul(b)?),
        B::Divide => arith(a.checked_div(b)?),
        B::Modulo => arith(a.checked_rem(b)?),
        B::BitwiseAnd => arith(a & b),
        B::BitwiseOr => arith(a | b),
        B::BitwiseXor => arith(a ^ b),
        B::ShiftLeft | B::ShiftRight => {
            let n = u32::try_from(y.v).ok().filter(|n| *n < x.bits)?;
            let v = if op == B::ShiftLeft {
                x.v << n
            } else {
                x.v >> n
            };
            Some(IntVal::wrapped(v, x.bits, x.unsigned))
        }
        B::Less => truth(a < b),
        B::Greater => truth(a > b),
        B::LessOrEqual => truth(a <= b),
        B::GreaterOrEqual => truth(a >= b),
        B::Equals => truth(a == b),
        B::NotEquals => truth(a != b),
        B::LogicalAnd => truth(a != 0 && b != 0),
        B::LogicalOr => truth(a != 0 || b != 0),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use lang_c::ast::IntegerSuffix;

    use super::*;

    fn lit(number: &str, base: IntegerBase, unsigned: bool, size: IntegerSize) -> IntVal {
        literal(&Integer {
            base,
            number: number.into(),
            suffix: IntegerSuffix {
                size,
                unsigned,
                imaginary: false,
            },
        })
        .unwrap()
    }

    #[test]
    fn literal_types_follow_c11() {
        let v = lit(
            "7fffffff",
            IntegerBase::Hexadecimal,
            false,
            IntegerSize::Int,
        );
        assert_eq!((v.bits, v.unsigned), (32, false));
        let v = lit(
            "ffffffff",
            IntegerBase::Hexadecimal,
            false,
            IntegerSize::Int,
        );
        assert_eq!((v.bits, v.unsigned), (32, true), "hex may be unsigned int");
        let v = lit("4294967295", IntegerBase::Decimal, false, IntegerSize::Int);
        assert_eq!((v.bits, v.unsigned), (64, false), "decimal goes to long");
        let v = lit("1", IntegerBase::Decimal, true, IntegerSize::LongLong);
        assert_eq!((v.bits, v.unsigned), (64, true));
    }

    #[test]
    fn arithmetic_wraps_like_c() {
        let zero_u = lit("0", IntegerBase::Decimal, true, IntegerSize::Int);
        let not = IntVal::wrapped(!zero_u.v, zero_u.bits, zero_u.unsigned);
        assert_eq!(not.v, 0xffff_ffff, "~0u");
        let one = IntVal::int(1);
        let shifted = binary(BinaryOperator::ShiftRight, not, one).unwrap();
        assert_eq!(shifted.v, 0x7fff_ffff, "~0u >> 1 is a logical shift");
        let minus_one = IntVal::int(-1);
        assert_eq!(
            binary(BinaryOperator::ShiftRight, minus_one, one)
                .unwrap()
                .v,
            -1
        );
        // int + unsigned int is unsigned int: -1 + 0u == UINT_MAX.
        assert_eq!(
            binary(BinaryOperator::Plus, minus_one, zero_u).unwrap().v,
            0xffff_ffff
        );
        assert!(binary(BinaryOperator::Divide, one, IntVal::int(0)).is_none());
        assert!(binary(BinaryOperator::ShiftLeft, one, IntVal::int(40)).is_none());
        assert_eq!(wrap(-1, 8, true), 255);
        assert_eq!(wrap(200, 8, false), -56);
    }
}
