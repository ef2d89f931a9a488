from fastapi import APIRouter

router = APIRouter(prefix="/orders")

_ORDERS = {1: {"id": 1, "item": "anvil"}}


@router.get("/{order_id}")
def get_order(order_id: int):
    return _ORDERS.get(order_id, {})
