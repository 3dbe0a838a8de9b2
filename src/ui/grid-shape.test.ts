import { describe, expect, it } from 'vitest'
import { bringOntoPage, gridShape, paginate, tilesPerPage } from './grid-shape'

describe('call grid', () => {
  it('adapts to the number of tiles and the shape of the stage', () => {
    expect(gridShape(1, true)).toEqual({ columns: 1, rows: 1 })
    expect(gridShape(2, true)).toEqual({ columns: 2, rows: 1 })
    expect(gridShape(2, false)).toEqual({ columns: 1, rows: 2 })
    expect(gridShape(3, true)).toEqual({ columns: 2, rows: 2 })
    expect(gridShape(4, false)).toEqual({ columns: 2, rows: 2 })
    expect(gridShape(6, true)).toEqual({ columns: 3, rows: 2 })
    expect(gridShape(6, false)).toEqual({ columns: 2, rows: 3 })
    expect(gridShape(9, true)).toEqual({ columns: 3, rows: 3 })
  })

  it('shows four tiles per page on a phone and up to nine on a larger screen', () => {
    expect(tilesPerPage(390)).toBe(4)
    expect(tilesPerPage(1280)).toBe(9)
  })

  it('pages through tiles, never past the last page', () => {
    const five = ['a', 'b', 'c', 'd', 'e']
    expect(paginate(five, 4, 0)).toEqual({ pages: 2, page: 0, items: ['a', 'b', 'c', 'd'] })
    expect(paginate(five, 4, 1)).toEqual({ pages: 2, page: 1, items: ['e'] })
    expect(paginate(five, 4, 7)).toEqual({ pages: 2, page: 1, items: ['e'] })
    expect(paginate([], 4, 0)).toEqual({ pages: 1, page: 0, items: [] })
  })
})

describe('someone off the page who speaks comes onto it', () => {
  it('takes the place of the last member shown, who takes its place; your own tile stays', () => {
    const order = [' self', 'a', 'b', 'c', 'd', 'e']
    expect(bringOntoPage(order, 'e', [' self', 'a', 'b', 'c'], [' self'])).toEqual([
      ' self',
      'a',
      'b',
      'e',
      'd',
      'c',
    ])
    expect(bringOntoPage(order, 'b', [' self', 'a', 'b', 'c'], [' self'])).toEqual(order)
    expect(bringOntoPage(order, 'x', [' self', 'a'], [' self'])).toEqual(order)
    expect(bringOntoPage(order, 'e', [' self'], [' self'])).toEqual(order)
  })
})
